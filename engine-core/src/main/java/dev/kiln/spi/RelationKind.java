package dev.kiln.spi;

/** Whether a relation is a table or a view. */
public enum RelationKind { TABLE, VIEW }

package dev.kiln.internal.jinja;

/** A Jinja construct with no FreeMarker equivalent Kiln can write; the message says why. */
public final class Unconvertible extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param why what cannot be converted and why */
    public Unconvertible(String why) {
        super(why, null, false, false);
    }
}

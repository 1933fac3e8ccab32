"""Reads a DAG file written by `kiln dag airflow` with Python's own parser (ast) and prints
its shape as JSON: the DAG's arguments, the module constants, every task group with its
tasks (task id, kiln command, retries) and every edge between groups. Airflow itself is
not needed: nothing is imported or run."""
import ast
import json
import sys

tree = ast.parse(open(sys.argv[1], encoding="ascii").read(), filename=sys.argv[1])


def value(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return {"expr": ast.unparse(node)}


constants = {}
imports = []
dag = None
for stmt in tree.body:
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
        constants[stmt.targets[0].id] = value(stmt.value)
    elif isinstance(stmt, ast.ImportFrom):
        imports.extend(stmt.module + "." + a.name for a in stmt.names)
    elif isinstance(stmt, ast.With) and stmt.items[0].context_expr.func.id == "DAG":
        dag = stmt

args = {k.arg: value(k.value) for k in dag.items[0].context_expr.keywords}
groups = {}
variables = {}
edges = []
for stmt in dag.body:
    if isinstance(stmt, ast.With):
        call = stmt.items[0].context_expr
        assert call.func.id == "TaskGroup", ast.unparse(call)
        group_id = value(call.keywords[0].value)
        variables[stmt.items[0].optional_vars.id] = group_id
        tasks = {}
        inner = []
        for s in stmt.body:
            if isinstance(s, ast.Assign):
                c = s.value
                assert c.func.id == "kiln", ast.unparse(c)
                retries = c.keywords[0].value
                tasks[value(c.args[0])] = {
                    "command": value(c.args[1]),
                    "retries": retries.id if isinstance(retries, ast.Name) else retries.value,
                }
            elif isinstance(s, ast.Expr) and isinstance(s.value, ast.BinOp):
                inner.append([s.value.left.id, s.value.right.id])
        groups[group_id] = {"tasks": tasks, "order": inner}
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.BinOp):
        assert isinstance(stmt.value.op, ast.RShift)
        edges.append([variables[stmt.value.left.id], variables[stmt.value.right.id]])

print(json.dumps({"imports": imports, "constants": constants, "dag": args, "groups": groups, "edges": edges}))

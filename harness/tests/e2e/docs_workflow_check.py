#!/usr/bin/python3
"""The GitHub Actions workflow in docs/ is the one in docs/examples/, is valid YAML, and every
connectspec command in it uses a subcommand and flags the program accepts (checked against its
--help), so the documentation cannot drift from the program.
Usage: docs_workflow_check.py CONNECTSPEC DOC.md WORKFLOW.yml"""
import re
import subprocess
import sys

import yaml


def main(connectspec, doc, workflow):
    text = open(workflow, encoding="utf-8").read()
    block = re.search(r"```yaml\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)
    problems = []
    if not block or block.group(1) != text:
        problems.append(f"the yaml block in {doc} is not {workflow}")
    flow = yaml.safe_load(text)
    runs = [step["run"] for job in flow["jobs"].values() for step in job["steps"] if "run" in step]
    commands = re.findall(r"connectspec (\w+)((?:\\\n|[^\n])*)", "\n".join(runs))
    if not commands:
        problems.append("no connectspec command found")
    for sub, args in commands:
        helptext = subprocess.run([connectspec, sub, "--help"], capture_output=True, text=True, timeout=30).stdout
        if f"Usage: connectspec {sub} " not in helptext:
            problems.append(f"connectspec {sub}: no such subcommand")
            continue
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", args):
            if not re.search(rf"(?<![\w-]){re.escape(flag)}\b", helptext):
                problems.append(f"connectspec {sub}: {flag} is not an option of it")
    for p in problems:
        print(p)
    print(f"{len(commands)} connectspec commands checked: " + ("ok" if not problems else "PROBLEMS"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

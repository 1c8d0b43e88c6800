#!/usr/bin/env python3
"""Write a textlint-rule-prh dictionary from a generated glossary TSV.

  prh-yml.py GLOSSARY.tsv > prh.yml
"""
import json
import sys

rules = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        p = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(p) < 6 or p[1] != "variant":
            continue
        rules.setdefault(p[5], []).append(p[2])
print("version: 1")
print("rules:")
for expected, patterns in rules.items():
    print("  - expected: %s" % json.dumps(expected))
    print("    patterns:")
    for pat in patterns:
        # as a /regex/: prh's own escaping of "-" is invalid in
        # JavaScript's unicode mode ("Invalid escape")
        rx = "".join("\\" + c if c in ".*+?^${}()|[]\\/" else c
                     for c in pat)
        print("      - %s" % json.dumps("/" + rx + "/"))

#!/usr/bin/env python3
"""The closing lines of a test run, from its .trx files: each failed test as "FAILED: name" with the first lines of
its message, then "N passed, N failed, N skipped" summed over the files. Exits 1 when anything failed.

A CI log is often read only at its tail: the name says what broke, the message says why without a rerun.
--broken: the build or a test host broke, so the run failed even if no result says so.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
BAD = {"Failed", "Error", "Timeout", "Aborted"}
FAILED_COUNTERS = ("failed", "error", "timeout", "aborted")
MESSAGE_LINES = 6

args = sys.argv[1:]
broken = "--broken" in args
paths = [a for a in args if a != "--broken"]
passed = failed = skipped = 0

for path in paths:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        print(f"FAILED: {path} could not be read ({error})")
        failed += 1
        continue
    listed = 0
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in BAD:
            continue
        listed += 1
        print(f"FAILED: {result.get('testName')}")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        for line in message.splitlines()[:MESSAGE_LINES]:
            print(f"    {line}")
    counters = root.find(".//t:Counters", NS)
    count = (lambda name: int(counters.get(name, "0"))) if counters is not None else (lambda name: 0)
    passed += count("passed")
    # A file cut short may list failures its counters never got to.
    failed += max(listed, sum(count(name) for name in FAILED_COUNTERS))
    skipped += count("notExecuted")

if broken and failed == 0:
    # The build or a test host broke before any result was written: that is a failure, not a pass.
    failed = 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)

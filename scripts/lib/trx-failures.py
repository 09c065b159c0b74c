#!/usr/bin/env python3
"""Prints each failed test of the given .trx files as "FAILED: name", then the first lines of its message.

A CI log is often read only at its tail: the name alone says what broke, the message says why without a rerun.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
BAD = {"Failed", "Error", "Timeout", "Aborted"}
MESSAGE_LINES = 6

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        print(f"FAILED: {path} could not be read ({error})")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in BAD:
            continue
        print(f"FAILED: {result.get('testName')}")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        for line in message.splitlines()[:MESSAGE_LINES]:
            print(f"    {line}")

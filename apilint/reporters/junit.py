"""JUnit XML for CI test-report views: one test suite per file, one failing test case per finding,
and an errored test case for each file that could not be checked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from apilint.errors import InputError
from apilint.finding import Finding
from apilint.reporters import ReportContext, related_lines

SUITE_NAME = "apilint"
# XML 1.0 cannot carry most control characters, even escaped; a message quoting a spec may contain them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(findings: list[Finding], context: ReportContext) -> str:
    testcases = _testcases_by_path(findings, context)
    root = ET.Element("testsuites", name=SUITE_NAME)
    for path, cases in testcases.items():
        root.append(_testsuite(path, cases))
    _set_counts(root, root.findall("testsuite/testcase"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcases_by_path(findings: list[Finding], context: ReportContext) -> dict[str, list[ET.Element]]:
    """Checked files in order (clean ones too), then files that could not be checked, then any
    other file a finding points into."""
    testcases: dict[str, list[ET.Element]] = {path: [] for path in context.files}
    for error in context.errors:
        testcases.setdefault(error.path, []).append(_error_testcase(error))
    for finding in findings:
        if not finding.suppressed:
            assert finding.location is not None, "reporters receive located findings"
            testcases.setdefault(finding.location.path, []).append(_failing_testcase(finding, context))
    return testcases


def _testsuite(path: str, testcases: list[ET.Element]) -> ET.Element:
    suite = ET.Element("testsuite", name=SUITE_NAME)
    suite.extend(testcases or [ET.Element("testcase", classname=_xml_text(path), name=SUITE_NAME)])
    _set_counts(suite, suite.findall("testcase"))
    return suite


def _error_testcase(error: InputError) -> ET.Element:
    """A file that could not be checked: an errored (not failed) test, as JUnit marks a test that could not run."""
    testcase = ET.Element("testcase", classname=_xml_text(error.path), name=SUITE_NAME)
    element = ET.SubElement(testcase, "error", type="input-error", message=_xml_text(error.message))
    element.text = _xml_text(str(error))
    return testcase


def _failing_testcase(finding: Finding, context: ReportContext) -> ET.Element:
    location = finding.location
    assert location is not None
    testcase = ET.Element(
        "testcase", classname=_xml_text(location.path), name=f"{finding.rule_id} {location.line}:{location.column}"
    )
    failure = ET.SubElement(testcase, "failure", type=context.level(finding), message=_xml_text(finding.message))
    body = f"{location.path}:{location.line}:{location.column} {location.pointer}"
    if finding.suggestion:
        body += f"\nsuggestion: {finding.suggestion}"
    body += related_lines(finding)
    failure.text = _xml_text(body)
    return testcase


def _set_counts(element: ET.Element, testcases: list[ET.Element]) -> None:
    element.set("tests", str(len(testcases)))
    element.set("failures", str(sum(case.find("failure") is not None for case in testcases)))
    element.set("errors", str(sum(case.find("error") is not None for case in testcases)))
    element.set("skipped", "0")


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)

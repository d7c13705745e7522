"""JUnit XML: one test suite per checked file, one failing test case per finding, for CI test-report views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from apilint.finding import Finding
from apilint.reporters import ReportContext

SUITE_NAME = "apilint"
# XML 1.0 cannot carry most control characters, even escaped; a message quoting a spec may contain them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(findings: list[Finding], context: ReportContext) -> str:
    reported = [finding for finding in findings if not finding.suppressed]
    by_path = _group_by_path(reported, context.files)
    root = ET.Element("testsuites", name=SUITE_NAME)
    for path, file_findings in by_path.items():
        root.append(_testsuite(path, file_findings))
    _set_counts(root, tests=sum(max(1, len(group)) for group in by_path.values()), failures=len(reported))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _group_by_path(findings: list[Finding], files: list[str]) -> dict[str, list[Finding]]:
    """Checked files in order (clean ones too), then any other file a finding points into."""
    groups: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in findings:
        assert finding.location is not None, "reporters receive located findings"
        groups.setdefault(finding.location.path, []).append(finding)
    return groups


def _testsuite(path: str, findings: list[Finding]) -> ET.Element:
    suite = ET.Element("testsuite", name=SUITE_NAME)
    if findings:
        for finding in findings:
            suite.append(_failing_testcase(path, finding))
    else:
        ET.SubElement(suite, "testcase", classname=_xml_text(path), name=SUITE_NAME)
    _set_counts(suite, tests=max(1, len(findings)), failures=len(findings))
    return suite


def _failing_testcase(path: str, finding: Finding) -> ET.Element:
    location = finding.location
    assert location is not None
    testcase = ET.Element(
        "testcase", classname=_xml_text(path), name=f"{finding.rule_id} {location.line}:{location.column}"
    )
    failure = ET.SubElement(
        testcase, "failure", type=finding.severity.label, message=_xml_text(finding.message)
    )
    body = f"{location.path}:{location.line}:{location.column} {location.pointer}"
    if finding.suggestion:
        body += f"\nsuggestion: {finding.suggestion}"
    failure.text = _xml_text(body)
    return testcase


def _set_counts(element: ET.Element, *, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", "0")


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)

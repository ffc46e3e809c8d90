"""The page audited with axe-core (WCAG 2.0-2.2 A and AA, and axe's best practices) in each state a
person can bring it to: ready, results with problems, results of a clean file, a refused file, the
results on a phone, the column matching panel open (a fill being chosen; names to split and the
file's values to match), a cell being edited and the results after an edit. Any violation fails the
test, with the rule and the elements that break it.

axe-core is injected by the tests only (browser_helpers.axe_violations); the page never loads it.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from member_import import spec

from .browser_helpers import CHECK_TIMEOUT_MS, assert_accessible, axe_violations, screenshot, wait_for_state
from .test_finishing import HR_EXPORT
from .test_page import MESSY, choose
from .test_real_exports import google_sheets_download

pytestmark = pytest.mark.browser


def excel_workbook() -> bytes:
    """The start of an .xlsx file: a zip with a workbook inside, which the checker refuses."""
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    return workbook.getvalue()


def test_the_audit_reports_a_rule_broken_in_the_page(audit_page):
    # Proves the audit can fail: an image with no text alternative must be reported, with where it is.
    audit_page.evaluate("""() => { const image = document.createElement('img');
        image.id = 'planted'; image.src = './static/icon.svg'; document.querySelector('main').append(image); }""")
    violations = axe_violations(audit_page)
    assert {"id": "image-alt", "impact": "critical", "help": "Images must have alternative text",
            "targets": ["#planted"]} in violations
    with pytest.raises(pytest.fail.Exception, match=r"(?s)'planted' state.*image-alt \(critical\).*#planted"):
        assert_accessible(audit_page, "planted")


def test_the_ready_page_is_accessible(audit_page):
    assert_accessible(audit_page, "ready")


def test_results_with_every_kind_of_problem_are_accessible(audit_page):
    choose(audit_page, "members.csv", MESSY)
    wait_for_state(audit_page, "done", CHECK_TIMEOUT_MS)
    assert audit_page.is_visible("#groups li button")  # the problems by kind and the table are drawn
    assert_accessible(audit_page, "done, messy file")


def test_results_of_a_clean_file_are_accessible(audit_page):
    choose(audit_page, "members.csv", spec.template_csv(with_examples=True))
    wait_for_state(audit_page, "done", CHECK_TIMEOUT_MS)
    assert "can be imported as they are" in audit_page.text_content("#verdict")
    assert_accessible(audit_page, "done, clean file")


def test_a_refused_file_is_accessible(audit_page):
    choose(audit_page, "members.xlsx", excel_workbook(),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wait_for_state(audit_page, "failed", CHECK_TIMEOUT_MS)
    assert audit_page.is_visible("#refused")
    assert_accessible(audit_page, "failed, Excel workbook")


def test_results_on_a_phone_screen_are_accessible(phone_audit_page):
    choose(phone_audit_page, "members.csv", MESSY)
    wait_for_state(phone_audit_page, "done", CHECK_TIMEOUT_MS)
    screenshot(phone_audit_page, "12-phone-done-audited")
    assert_accessible(phone_audit_page, "done on a phone, messy file")


def start_finishing(page) -> None:
    """The HR export (four columns missing) chosen, the role column being filled."""
    choose(page, "hr-export.csv", HR_EXPORT)
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    page.select_option("[data-testid=map-role]", label="Fill every row with one value")
    assert page.is_visible("[data-testid=fill-role]")


def test_the_column_matching_panel_is_accessible(audit_page):
    start_finishing(audit_page)
    assert audit_page.get_attribute("[data-testid=mapping]", "open") is not None
    assert_accessible(audit_page, "mapping panel open, a fill's value being chosen")


def test_a_cell_being_edited_and_the_results_after_the_edit_are_accessible(audit_page):
    start_finishing(audit_page)
    for _ in range(5):  # past the four missing columns (their editors are the matching panel's), to row 9
        audit_page.click("[data-testid=next-problem]")
    editor = "[data-testid=issues] tbody tr.current [data-testid=new-value]"
    assert audit_page.evaluate("document.activeElement.dataset.testid") == "new-value"
    audit_page.keyboard.type("nguyen.martinez@springfield")  # typed, not yet committed
    assert_accessible(audit_page, "a cell being edited")
    audit_page.press(editor, "Enter")
    wait_for_state(audit_page, "done", CHECK_TIMEOUT_MS)
    assert audit_page.text_content("[data-testid=change-count]") == "1 change"
    assert_accessible(audit_page, "after an edit")


def test_finishing_on_a_phone_screen_is_accessible(phone_audit_page):
    start_finishing(phone_audit_page)
    phone_audit_page.select_option("[data-testid=fill-role]", "requester")
    wait_for_state(phone_audit_page, "done", CHECK_TIMEOUT_MS)
    phone_audit_page.click("[data-testid=next-problem]")
    screenshot(phone_audit_page, "22-phone-finishing", full_page=False)
    assert_accessible(phone_audit_page, "finishing on a phone, after a fill")


def start_matching(page) -> None:
    """The Google Sheets download: names to split, a missing locale, and the file's roles and time zones
    to match, one of them with a suggestion; one value matched already."""
    choose(page, "staff.csv", google_sheets_download())
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    page.locator("[data-testid=values-role] select").first.select_option("internal personnel")
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    assert page.is_visible("[data-testid=use-suggestions-timezone]")
    assert page.is_visible("[data-testid=map-accept-first_name]")
    page.click("[data-testid=values-timezone] .value-fine summary")  # the values that need no choice, open


def test_the_matching_step_with_names_to_split_and_values_to_match_is_accessible(audit_page):
    start_matching(audit_page)
    assert_accessible(audit_page, "matching step: a split offered, values to match")


def test_the_matching_step_on_a_phone_screen_is_accessible(phone_audit_page):
    start_matching(phone_audit_page)
    screenshot(phone_audit_page, "23-phone-matching-values")
    assert_accessible(phone_audit_page, "matching step on a phone")

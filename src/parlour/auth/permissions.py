"""The permission catalog: every user permission upstream names, grouped as
``GET /user/permissions/{location_id}`` groups them, and the default sets of the five roles.

A membership stores one flat ``{slug: value}`` map (``membership.permissions``); the grouped
view, the role listings and the gate (:mod:`parlour.auth.access`) are all derived from it.
Values have four kinds, told apart by the owner's value here:

- ``bool`` — an area or an action is allowed (``clients_access``);
- ``int`` — a window in days (``*_last_days_count``: ``-1`` all time, ``N`` the last N days;
  ``last_days_count`` of the calendar: ``0`` means unlimited) or an id limit (``master_id``:
  ``0`` means all);
- ``list`` — a list of ids or addresses (``[]`` means no limit).

Adding a permission is one line in :data:`GROUPS` (its owner value); role defaults follow
from the group rules in :data:`ROLES`. Slugs that are Parlour's own are marked below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# group -> slug -> the owner's value (what "everything allowed" means for that slug).
GROUPS: dict[str, dict[str, Any]] = {
    "timetable": {
        "timetable_access": True,
        "master_id": 0,
        "position_id": 0,
        "last_days_count": 0,
        "schedule_edit_access": True,
        "timetable_phones_access": True,
        "timetable_transferring_record_access": True,
        "timetable_statistics_access": True,
    },
    "record_form": {
        "record_form_access": True,
        "record_form_client_access": True,
        "records_autocomplete_access": True,
        "create_records_access": True,
        "edit_records_access": True,
        "edit_records_attendance_access": True,
        "records_services_cost_access": True,
        "records_services_discount_access": True,
        "record_edit_full_paid_access": True,
        "delete_records_access": True,
        "delete_customer_came_records_access": True,
        "delete_paid_records_access": True,
        "records_goods_access": True,
        "records_goods_create_transaction_access": True,
        "records_goods_create_last_days_count": -1,
        "records_goods_edit_transaction_access": True,
        "records_goods_edit_last_days_count": -1,
        "records_goods_cost_access": True,
        "records_goods_discount_access": True,
        "records_finances_access": True,
        "records_finances_last_days_count": -1,
        "records_finances_pay_from_deposits_access": True,
        "records_group_id_access": True,
        "records_group_id": 0,
    },
    "finances": {
        "finances_access": True,
        "finances_accounts_ids": [],
        "finances_transactions_access": True,
        "finances_last_days_count": -1,
        "finances_create_transactions_access": True,
        "finances_create_last_days_count": -1,
        "finances_edit_transactions_access": True,
        "finances_edit_last_days_count": -1,
        "finances_delete_transactions_access": True,
        "finances_transactions_excel_access": True,
        "finances_expenses_ids": [],
        "finances_accounts_access": True,
        "finances_accounts_banalce_access": True,
        "finances_suppliers_read_access": True,
        "finances_suppliers_create_access": True,
        "finances_suppliers_update_access": True,
        "finances_suppliers_delete_access": True,
        "finances_suppliers_excel_access": True,
        "finances_expenses_read_access": True,
        "expenses_read_access": True,
        "finances_expenses_create_access": True,
        "expenses_create_access": True,
        "finances_expenses_update_access": True,
        "expenses_update_access": True,
        "finances_expenses_delete_access": True,
        "expenses_delete_access": True,
        "finances_kkm_transactions_access": True,
        "kkm_transactions_accounts_access": True,
        "finances_kkm_settings_read_access": True,
        "kkm_settings_reed_access": True,
        "finances_kkm_settings_update_access": True,
        "kkm_settings_update_access": True,
        "finances_settings_invoicing_read_access": True,
        "settings_invoicing_read_access": True,
        "finances_settings_invoicing_update_access": True,
        "settings_invoicing_update_access": True,
        "finances_options_read_access": True,
        "options_read_access": True,
        "finances_options_update_access": True,
        "options_update_access": True,
        "finances_salary_schemes_access": True,
        "finances_salary_calc_access": True,
        "finances_salary_not_limitation_today_access": True,
        "finances_payroll_calculation_create_access": True,
        "finances_payroll_calculation_create_not_limitation_today_access": True,
        "finances_salary_access_master_checkbox": True,
        "finances_salary_access_master_id": 0,
        "get_salary_access_master_id": 0,
        "finances_salary_master_not_limitation_today_access": True,
        "finances_payroll_calculation_create_by_master_access": True,
        "calculation_create_by_master_not_limitation_today_access": True,
        "finances_period_report_access": True,
        "finances_period_report_excel_access": True,
        "finances_year_report_access": True,
        "finances_year_report_excel_access": True,
        "finances_print_check_access": True,
        "finances_z_report_access": True,
        "finances_z_report_no_limit_today_access": True,
        "finances_z_report_excel_access": True,
    },
    "clients": {
        "clients_access": True,
        "client_phones_access": True,
        "clients_phones_email_access": True,
        "clients_card_phone_access": True,
        "clients_delete_access": True,
        "clients_excel_access": True,
        "excel_access": True,
        "client_comments_list_access": True,
        "client_comments_add_access": True,
        "client_comments_own_edit_access": True,
        "client_comments_other_edit_access": True,
        "client_files_list_access": True,
        "client_files_upload_access": True,
        "client_files_delete_access": True,
        "clients_visit_master_id": 0,
        "get_visit_master_id": 0,
    },
    "dashboard": {
        "dashboard_access": True,
        "dash_access": True,
        "dash_phones_access": True,
        "dash_records_access": True,
        "dash_records_last_days_count": -1,
        "dash_records_excel_access": True,
        "dash_records_phones_access": True,
        "dash_message_access": True,
        "dash_message_excel_access": True,
        "dash_message_phones_access": True,
        "dash_reviews_access": True,
        "dash_reviews_delete_access": True,
        "dashboard_calls_access": True,
        "dashboard_calls_excel_access": True,
        "dashboard_calls_phones_access": True,
    },
    "notification": {
        "notification": True,
        "web_push": True,
        "web_phone_push": True,
        "notification_sms_ending_license": True,
        "notification_sms_low_balance": True,
        "notification_email_ending_license": True,
    },
    "loyalty": {
        "loyalty_access": True,
        "has_loyalty_access": True,
        "loyalty_cards_manual_transactions_access": True,
        "has_loyalty_cards_manual_transactions_access": True,
        "loyalty_certificate_and_abonement_manual_transactions_access": True,
    },
    "storages": {
        "storages_access": True,
        "storages_ids": [],
        "storages_transactions_access": True,
        "storages_last_days_count": -1,
        "storages_move_goods_access": True,
        "storages_create_transactions_access": True,
        "storages_create_last_days_count": -1,
        "storages_create_transactions_buy_access": True,
        "storages_create_transactions_sale_access": True,
        "storages_edit_transactions_access": True,
        "storages_edit_last_days_count": -1,
        "storages_edit_transactions_buy_access": True,
        "storages_edit_transactions_sale_access": True,
        "storages_delete_transactions_access": True,
        "storages_transactions_excel_access": True,
        "storages_transactions_types": [],
        "storages_inventory_access": True,
        "storages_inventory_create_edit_access": True,
        "storages_inventory_delete_access": True,
        "storages_inventory_excel_access": True,
        "storages_remnants_report_access": True,
        "storages_remnants_report_excel_access": True,
        "storages_sales_report_access": True,
        "storages_sales_report_excel_access": True,
        "storages_consumable_report_access": True,
        "storages_consumable_report_excel_access": True,
        "storages_write_off_report_access": True,
        "storages_write_off_report_excel_access": True,
        "storages_turnover_report_access": True,
        "storages_turnover_report_excel_access": True,
        "storages_goods_crud_access": True,
        "storages_goods_create_access": True,
        "storages_goods_update_access": True,
        "storages_goods_title_edit_access": True,
        "storages_goods_category_edit_access": True,
        "storages_goods_selling_price_edit_access": True,
        "storages_goods_cost_price_edit_access": True,
        "storages_goods_units_edit_access": True,
        "storages_goods_critical_balance_edit_access": True,
        "storages_goods_masses_edit_access": True,
        "storages_goods_comment_edit_access": True,
        "storages_goods_archive_access": True,
        "storages_goods_delete_access": True,
    },
    "settings": {
        "settings_access": True,
        "settings_basis_access": True,
        "settings_information_access": True,
        "users_access": True,
        "delete_users_access": True,
        "create_users_access": True,
        "edit_users_access": True,
        "limited_users_access": False,
        "settings_services_access": True,
        "settings_services_create_access": True,
        "services_edit": True,
        "settings_services_edit_title_access": True,
        "settings_services_relation_category_access": True,
        "settings_services_edit_price_access": True,
        "settings_services_edit_image_access": True,
        "settings_services_edit_online_seance_date_time_access": True,
        "settings_services_edit_online_pay_access": True,
        "settings_services_edit_services_related_resource_access": True,
        "settings_positions_read": True,
        "settings_positions_create": True,
        "settings_positions_delete": True,
        "edit_master_service_and_duration": True,
        "tech_card_edit": True,
        "services_delete": True,
        "settings_master_access": True,
        "master_create": True,
        "master_edit": True,
        "master_delete": True,
        "settings_master_dismiss_access": True,
        "schedule_edit": True,
        "settings_notifications_access": True,
        "settings_email_notifications_access": True,
        "settings_template_notifications_access": True,
        "webhook_read_access": True,
        "chain_services_access": True,
        "payment_policy_update_access": False,
    },
    "other": {
        "stat_access": True,
        "billing_access": True,
        "send_sms": True,
        "send_email": True,  # Parlour's own: e-mail campaigns (upstream names only send_sms)
        "auth_enable_check_ip": False,
        "auth_list_allowed_ip": [],
    },
}

# Where the owner's value is not simply "all": never granted by a role default.
NOT_BY_DEFAULT = frozenset(
    {
        "limited_users_access",  # "limited" narrows what a user manager may do
        "auth_enable_check_ip",  # turns on the IP allow-list
        "payment_policy_update_access",  # granted explicitly (upstream's team member page)
    }
)

GROUP_OF: dict[str, str] = {slug: group for group, items in GROUPS.items() for slug in items}
OWNER: dict[str, Any] = {
    slug: (False if slug in NOT_BY_DEFAULT else value)
    for items in GROUPS.values()
    for slug, value in items.items()
}


def kind(slug: str) -> type:
    """``bool``, ``int`` or ``list``: the JSON type a slug's value has."""
    return type(OWNER[slug])


def no_access(slug: str) -> Any:
    """The value that grants nothing (a boolean off, a zero-day window, no ids)."""
    value = OWNER[slug]
    if isinstance(value, bool):
        return False
    if isinstance(value, list):
        return []
    return 0


# Roles upstream offers (``PUT .../permissions`` ``user_role``), heaviest first, with the groups
# each role holds in full and the single slugs it holds beyond them.
ROLES: dict[str, dict[str, Any]] = {
    "owner": {
        "title": "Owner",
        "description": "Holds every right and cannot be removed",
        "weight": 5,
        "groups": tuple(GROUPS),
        "extra": (),
        "without": (),
    },
    "manager": {
        "title": "Manager",
        "description": "Runs the location: everything but billing",
        "weight": 4,
        "groups": tuple(GROUPS),
        "extra": (),
        "without": ("billing_access",),
    },
    "accountant": {
        "title": "Accountant",
        "description": "Finances, storages and reports",
        "weight": 3,
        "groups": ("finances", "storages", "dashboard"),
        "extra": ("timetable_access", "stat_access"),
        "without": (),
    },
    "administrator": {
        "title": "Administrator",
        "description": "Keeps the appointment calendar and the client base",
        "weight": 2,
        "groups": ("timetable", "record_form", "clients", "dashboard", "notification", "loyalty"),
        "extra": ("send_sms", "send_email", "settings_positions_read"),
        "without": (),
    },
    "worker": {
        "title": "Worker",
        "description": "Provides services and sees the calendar",
        "weight": 1,
        "groups": (),
        "extra": (
            "timetable_access",
            "record_form_access",
            "create_records_access",
            "edit_records_access",
        ),
        "without": (),
    },
}

ROLE_NAMES = tuple(ROLES)


def role_defaults(role: str) -> dict[str, Any]:
    """The full flat permission map a new member of ``role`` starts with."""
    spec = ROLES[role]
    held = {slug for group in spec["groups"] for slug in GROUPS[group]} | set(spec["extra"])
    held -= set(spec["without"])
    return {slug: (OWNER[slug] if slug in held else no_access(slug)) for slug in OWNER}


def complete(values: Mapping[str, Any], role: str = "worker") -> dict[str, Any]:
    """``values`` over the role's defaults: every slug present, unknown slugs dropped."""
    out = role_defaults(role)
    out.update({k: v for k, v in values.items() if k in OWNER})
    return out


def grouped(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The grouped view of ``GET /user/permissions``, derived from the flat map."""
    return {
        group: {slug: values.get(slug, no_access(slug)) for slug in items}
        for group, items in GROUPS.items()
    }

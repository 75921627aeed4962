import type { apiErrorsZhCN } from "./api-errors.zh-CN.ts";

/** English texts of the API's error message keys: exactly the keys of the zh-CN file. */
export const apiErrorsEn = {
  "error.bad_request": "The request is not valid.",
  "error.calendar.make_up_on_weekday": "A make-up working day can only be a Saturday or Sunday.",
  "error.calendar.not_corrected": "This day has no manual correction to undo.",
  "error.calendar.year_not_loaded":
    "The working calendar of {year} is not loaded; its days cannot be corrected.",
  "error.ballot.bad_receipt": "The receipt does not match; this secret ballot cannot be changed.",
  "error.ballot.choice_not_offered": "This vote does not offer that choice.",
  "error.ballot.not_owner": "You are not a verified owner of this unit, so you cannot vote.",
  "error.ballot.secret_receipt_required": "Changing a secret ballot needs the receipt from your first vote.",
  "error.ballot.unit_other_compound": "This unit is not in the compound of this vote.",
  "error.ballot.outside_period":
    "Ballots are cast within the announced voting period ({opensAt} to {closesAt}).",
  "error.ballot.vote_not_open": "Voting is not open.",
  "error.comment.already_reported": "You have already reported this comment.",
  "error.comment.own_comment": "You cannot report your own comment.",
  "error.committee.closed": "This committee has expired or been dissolved and can no longer change.",
  "error.committee.rules_violated":
    "The committee's composition breaks the rules of the Beijing Property Management Regulations.",
  "error.committee.term_required": "Enter the start and end of the term.",
  "error.conflict": "This conflicts with the current state; reload and try again.",
  "error.decision.changed_concurrently": "Someone else just changed this vote; reload and try again.",
  "error.decision.meeting_other_community": "That meeting decision belongs to another community.",
  "error.decision.roll_changed": "The owners' roll changed during the vote; contact the organisers.",
  "error.household.no_units": "This building has no registered units.",
  "error.household_code.not_revocable": "This household code has been used or revoked already.",
  "error.import.area_required": "At least one area is needed (registered, surveyed or contract).",
  "error.import.date_in_future": "The date is later than today: what has not happened cannot be recorded.",
  "error.import.duplicate_code": "This code already exists.",
  "error.import.duplicate_id_number": "A coordinator with this ID number is already on record.",
  "error.import.duplicate_row": "Duplicates another row of the file.",
  "error.import.duplicate_unit": "This unit already exists.",
  "error.import.invalid_area": "The area is not valid: more than 0, at most two decimals (e.g. 89.37).",
  "error.import.invalid_boolean": "Enter yes or no.",
  "error.import.invalid_code": "Codes may contain letters, digits, - or _ only.",
  "error.import.invalid_compound_type": "The compound type is not valid.",
  "error.import.invalid_households": "Households must be a whole number of at least 0.",
  "error.import.invalid_value": "This value is not valid.",
  "error.import.outside_scope": "Outside your scope.",
  "error.import.required": "Required.",
  "error.import.too_long": "Too long.",
  "error.import.unknown_category": "No coordinator category has this code.",
  "error.import.unknown_community": "Unknown community code.",
  "error.import.unknown_compound": "Unknown compound code.",
  "error.internal_server_error": "Something went wrong on our side; try again later.",
  "error.users.phone_search":
    "Search by the last 4 digits of the mobile number (the rest is hidden from you).",
  "error.users.phone_search_admin": "Search by the last 4 to 11 digits of the mobile number.",
  "error.input.unstorable_text":
    "“{field}” contains characters that cannot be stored (a NUL character or a broken Unicode character); remove them and try again.",
  "error.date.date_in_future":
    "{field} ({date}) cannot be later than today ({today}): what has not happened cannot be recorded as done.",
  "error.date.date_in_past":
    "{field} ({date}) cannot be earlier than today ({today}): a deadline cannot be set in the past.",
  "error.date.notice_backdated":
    "The notice date ({date}) cannot be earlier than the day it is recorded ({today}).",
  "error.decision.notice_backdated":
    "The notice date ({noticedOn}) cannot be earlier than the day it is recorded ({today}): the 15 days of notice count from a real notice (Beijing Property Management Regulations Art. 35).",
  "error.decision.window_in_past": "Voting cannot open in the past ({opensAt}).",
  "error.decision.not_yet_open": "Voting opens at its announced time ({opensAt}), not earlier.",
  "error.decision.period_over": "The announced voting period ended at {closesAt}; voting can no longer open.",
  "error.decision.not_yet_closable":
    "Voting closes at its announced time ({closesAt}); it may close earlier only when every owner has voted.",
  "error.ballot.cast_by_co_owner": "Another owner of this unit cast its ballot; only they can change it.",
  "error.ballot.not_representative":
    "Under this compound's rules the co-owners' designated representative votes for the unit, and that is not you.",
  "error.household.self_verification":
    "Nobody can verify their own ownership; another staff member must do it.",
  "error.household.vote_running":
    "A vote of this compound is open: the ballot rule and co-owner representatives cannot change until it closes.",
  "error.meeting.before_its_date":
    "The meeting has not taken place yet: attendance, minutes, holding and decisions are recorded on its day ({date}) or later.",
  "error.invalid_cursor": "The page link is no longer valid; start again from the first page.",
  "error.ledger.already_rated": "You have already rated this item.",
  "error.ledger.changed_concurrently": "Someone else just changed this item; reload and try again.",
  "error.ledger.done": "This item is already done.",
  "error.ledger.rate_not_done": "You can rate an item once it is done.",
  "error.ledger.source_mismatch": "The source topic or decision belongs to another community.",
  "error.meeting.attendance_below_list": "Attendance cannot be lower than the list of attendees.",
  "error.meeting.duplicate_agenda_topic": "This topic is already on the agenda.",
  "error.meeting.month_mismatch": "The meeting time is not in the chosen month.",
  "error.meeting.topic_not_on_agenda": "This topic is not on the meeting's agenda.",
  "error.not_found": "Not found.",
  "error.not_found.building": "That record was not found.",
  "error.not_found.category": "That record was not found.",
  "error.not_found.comment": "That record was not found.",
  "error.not_found.committee": "That record was not found.",
  "error.not_found.community": "That record was not found.",
  "error.not_found.compound": "That record was not found.",
  "error.not_found.coordinator": "That record was not found.",
  "error.not_found.decision": "That record was not found.",
  "error.not_found.district": "That record was not found.",
  "error.not_found.household_code": "That record was not found.",
  "error.not_found.ledger_item": "That record was not found.",
  "error.not_found.meeting": "That record was not found.",
  "error.not_found.notification": "That record was not found.",
  "error.not_found.property_service": "That record was not found.",
  "error.not_found.subdistrict": "That record was not found.",
  "error.not_found.topic": "That record was not found.",
  "error.not_found.unit": "That record was not found.",
  "error.not_found.user": "That record was not found.",
  "error.property_service.invalid.companyName": "A professional property service needs its company name.",
  "error.property_service.invalid.contractEnd": "The contract cannot end before it starts.",
  "error.property_service.invalid.service": "The property service details are incomplete or invalid.",
  "error.property_service.starts_before_current":
    "A new property service cannot start before the current one.",
  "error.role.already_assigned": "The user already has this role.",
  "error.role.scope_required": "Choose the scope of the role.",
  "error.topic.already_supported": "You already support this topic.",
  "error.topic.compound_other_community": "That compound is in another community.",
  "error.topic.merge_into_self": "A topic cannot be merged into itself.",
  "error.topic.merge_other_community": "Topics can only be merged within one community.",
  "error.topic.merge_target_closed": "The target topic is closed.",
  "error.topic.not_draft": "Only drafts can be edited.",
  "error.topic.not_published": "The topic is not published yet.",
  "error.topic.not_supportable": "This topic cannot be supported now.",
  "error.topic.not_supported": "You do not support this topic.",
  "error.topic.nothing_to_change": "Nothing to change.",
  "error.topic.own_topic": "You cannot support your own topic.",
  "error.transition.guard_failed": "The conditions for this step are not met yet.",
  "error.transition.no_such_transition": "This step is not possible in the current status.",
  "error.transition.role_not_allowed": "Your role cannot take this step.",
  "error.work_order.building_outside_compound": "That building is not in the chosen compound.",
  "error.work_order.unit_not_available": "That handling unit is inactive or outside the order's district.",
  "error.work_order.merge_target":
    "An order can only be merged into another original that is not itself merged.",
  "error.work_order.invalid_callback_reason": "An invalid callback needs its reason.",
  "error.work_order.extension_in_past":
    "The extended time limit would already be past; ask for a longer extension.",
  "error.work_order.period_reversed": "The period ends before it starts.",
  "error.rate_formula.invalid":
    "The formula does not hold: the three weights add up to 10 000, each exclusion once, and it ends after it starts.",
  "error.handling_unit.subdistrict_outside_district": "That subdistrict is not in the chosen district.",
  "error.not_found.work_order": "That work order was not found.",
  "error.not_found.handling_unit": "That handling unit was not found.",
  "error.not_found.work_order_extension": "That extension request was not found.",
  "error.not_found.rate_formula": "No rate formula version applies.",
  "error.rule.event_not_allowed": "This cannot be recorded on the order in its current status, or by you.",
  "error.rule.invalid_calendar":
    "The working calendar is wrong or not loaded; please contact an administrator.",
  "error.rule.calendar_out_of_range":
    "The working calendar does not cover that year yet; load its official calendar first.",
  "error.rule.calendar_required": "A limit in working days needs the working calendar.",
  "error.rule.invalid_limit": "A time limit is a whole number of at least 0.",
  "db.invalid_input.work_order_status_changed":
    "Someone acted on this work order first; refresh and try again.",
  "db.invalid_input.work_order_extension_decided": "This extension request was already decided.",
  "db.unique_violation.work_order_extensions_one_pending_uq":
    "This work order already has an extension request pending.",
  "db.unique_violation.work_order_callbacks_order_round_uq":
    "The callback of this round is already recorded.",
  "db.unique_violation.rate_formulas_version_unique":
    "That formula version exists already; use a new version.",
  "db.unique_violation.handling_units_code_unique": "That handling unit code is already used.",
  "notification.read": "Marked as read.",
  "notification.read_all": "All marked as read.",
  "error.not_found.governance_plan": "That governance plan was not found.",
  "error.not_found.plan_task": "That plan task was not found.",
  "error.governance_plan.dates": "A plan cannot end before it starts.",
  "error.governance_plan.unknown_category": "A chosen theme is not a request category.",
  "error.governance_plan.area_outside_district": "The plan's areas must lie in the owner unit's district.",
  "error.governance_plan.task_unit_outside_district":
    "A task's owner must be a handling unit of the plan's district.",
  "error.governance_plan.not_editable": "The plan is completed or cancelled and no longer changes.",
  "db.invalid_input.governance_plan_status_changed": "Someone changed this plan first: reload and try again.",
  "db.invalid_input.plan_task_status_changed": "Someone changed this task first: reload and try again.",
  "error.hotline_import.empty_file": "The file is empty.",
  "error.hotline_import.file_too_large": "The file is too large (limit: {limitBytes} bytes).",
  "error.hotline_import.unreadable_file":
    "This file cannot be read: upload an .xlsx workbook or a .csv file (save .xls as .xlsx first).",
  "error.hotline_import.unreadable_csv":
    "The CSV is malformed and cannot be read (near line {line}): check that quotes are paired.",
  "error.hotline_import.unsupported_encoding":
    "UTF-16 files are not supported: save the CSV as UTF-8 or GBK.",
  "error.hotline_import.no_rows": "The file has no data rows to import.",
  "error.hotline_import.too_many_rows": "At most {max} rows per import: split the file.",
  "error.hotline_import.missing_columns":
    "Required columns are missing: {columns}. Use the template's headers.",
  "error.hotline_import.required": "Required.",
  "error.hotline_import.invalid_number":
    "The order number may only contain letters, digits, - or _ (at most 64).",
  "error.hotline_import.invalid_time": "The received time must be a date and time like 2026-12-01 09:30.",
  "error.hotline_import.time_in_future":
    "The received time is in the future: an order not yet received cannot be imported.",
  "error.hotline_import.invalid_type":
    "The request type must be 咨询, 求助, 投诉, 举报 or 建议 (consultation, help, complaint, report, suggestion).",
  "error.hotline_import.unknown_category":
    "No such category (give its code, or its path like 一级分类/二级分类).",
  "error.hotline_import.ambiguous_category":
    "Several categories have this name: give the code or the full path.",
  "error.hotline_import.too_long": "Too long.",
  "error.hotline_import.invalid_phone": "The phone must be an 11-digit mobile number.",
  "error.hotline_import.unknown_community":
    "No community of the import's district or street has this code or name.",
  "error.hotline_import.unknown_compound": "No compound within the import's area has this code or name.",
  "error.hotline_import.ambiguous_place":
    "Several communities or compounds have this name: give the code, or the community too.",
  "error.hotline_import.duplicate_row": "The same order number is on another row of the file.",
  "error.photo.too_many": "At most {max} photos can be uploaded.",
  "error.photo.too_large":
    "Photo {index} ({name}) is over {maxMegabytes} MB; please make it smaller and upload again.",
  "error.photo.bad_type": "Photo {index} ({name}) is not a JPEG, PNG, WebP or HEIC image; nothing was saved.",
  "error.photo.empty": "Photo {index} ({name}) is an empty file.",
  "error.work_order.place_required": "Choose a compound, or give an address (or a location).",
  "error.work_order.place_ambiguous": "Give one kind of place: a compound, or an address/location.",
  "error.work_order.point_incomplete": "A location needs both latitude and longitude.",
  "error.work_order.building_without_compound": "Choose the compound before the building.",
  "error.work_order.reopen_not_allowed": "Only a request whose callback says unsolved can be reopened.",
  "error.not_found.work_order_photo": "Photo not found.",
} as const satisfies Record<keyof typeof apiErrorsZhCN, string>;

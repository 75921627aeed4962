/**
 * Database integrity errors, translated into a typed error with a stable code, the constraint that
 * refused the write and a clear message (English here; `messageKey` for the UI catalogs).
 */
export type ConstraintErrorCode =
  | "unique_violation"
  | "foreign_key_violation"
  | "check_violation"
  | "not_null_violation"
  | "invalid_input";

const sqlStateCodes: Record<string, ConstraintErrorCode> = {
  "23505": "unique_violation",
  "23503": "foreign_key_violation",
  "23514": "check_violation",
  "23502": "not_null_violation",
  "22P02": "invalid_input",
  "22007": "invalid_input",
  "22008": "invalid_input",
  "22003": "invalid_input",
};

/** Plain-language explanations of the constraints a user can run into. */
const constraintMessages: Record<string, string> = {
  ballots_one_per_owner_key_uq: "this owner key has already cast a ballot on this decision",
  topic_supports_topic_id_user_id_pk: "this user already supports this topic",
  committees_one_in_office_uq: "the compound already has a committee in office",
  property_services_one_current_uq: "the compound already has a current property service",
  owner_parties_one_developer_uq: "the compound already has a developer owner party",
  units_areas_positive: "unit areas must be positive",
  units_some_area: "a unit needs at least one area (registered, surveyed or contract)",
  units_building_number_uq: "a unit with this number already exists in the building",
  units_building_id_buildings_id_fk: "the building does not exist",
  buildings_compound_code_uq: "a building with this code already exists in the compound",
  owners_decisions_matter_matches_item: "the matter does not match the Art. 278 item (items 6–8 are special)",
  topics_declined_has_reason: "a declined topic needs a public reason",
  topics_merged_has_target: "a merged topic needs the topic it was merged into",
  ledger_items_done_has_close_date: "a done ledger item needs its close date",
  ledger_ratings_score_range: "a rating is from 1 to 5",
  meetings_community_month_uq: "the community already has a meeting in this month",
  users_phone_uq: "this phone number is already registered",
  coordinators_community_id_number_uq:
    "a coordinator with this ID number is already on record in this community",
  grid_members_one_leader_uq: "the grid already has a current leader (网格长): end that first",
  grid_members_one_current_uq: "this person is already a current member of the grid",
  residency_requests_one_pending_uq:
    "you already asked to join this community; the office has not decided yet",
};

export class DbConstraintError extends Error {
  override readonly name = "DbConstraintError";
  constructor(
    readonly code: ConstraintErrorCode,
    readonly constraint: string | undefined,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
  /** Message key for the UI catalogs, e.g. "db.unique_violation.ballots_one_per_owner_key_uq". */
  get messageKey(): string {
    return `db.${this.code}${this.constraint ? `.${this.constraint}` : ""}`;
  }
}

interface PgErrorLike {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  detail?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Find the PostgreSQL error (postgres.js or PGlite) in an error's cause chain. */
function findPgError(error: unknown): PgErrorLike | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as PgErrorLike;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return null;
}

/** Translate a driver error into a DbConstraintError, or return null when it is not an integrity error. */
export function toConstraintError(error: unknown): DbConstraintError | null {
  if (error instanceof DbConstraintError) return error;
  const pg = findPgError(error);
  if (!pg || typeof pg.code !== "string") return null;
  const code = sqlStateCodes[pg.code];
  if (!code) return null;
  const constraint =
    typeof pg.constraint === "string"
      ? pg.constraint
      : typeof pg.constraint_name === "string"
        ? pg.constraint_name
        : undefined;
  const detail = typeof pg.detail === "string" ? pg.detail : undefined;
  const known = constraint ? constraintMessages[constraint] : undefined;
  const message =
    known ??
    `${code.replaceAll("_", " ")}${constraint ? ` (${constraint})` : ""}: ${String(pg.message ?? "")}`;
  return new DbConstraintError(code, constraint, message, detail);
}

/** Run a database operation, rethrowing integrity errors as DbConstraintError. */
export async function withConstraintErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toConstraintError(error) ?? error;
  }
}

/**
 * A pagination cursor this list did not hand out: garbage, tampered with, or from another sort order.
 * A client error (the API answers BAD_REQUEST "error.invalid_cursor"), never a database error.
 */
export class InvalidCursorError extends DbConstraintError {
  constructor(reason: string) {
    super("invalid_input", "cursor", `invalid cursor: ${reason}`);
  }
}

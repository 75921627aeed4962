/**
 * The portal's form pattern (see docs in apps/portal/README.md):
 *
 *   export async function action(args: Route.ActionArgs) {
 *     const form = await readForm(args.request);               // same-origin check + FormData
 *     const parsed = await parseForm(form, signInFields);       // per-field schemas → typed data
 *     if (!parsed.ok) return parsed.failure;                    // 400 with field errors + values
 *     const { caller, responseHeaders } = await getRequestCaller(args);
 *     try {
 *       await caller.auth.signIn(parsed.data);
 *     } catch (error) {
 *       return apiFailure(error, parsed.values, { fields: { "error.password.": "password" } });
 *     }
 *     return redirectWith("/me", responseHeaders);              // post/redirect/get
 *   }
 *
 * Messages travel as catalog keys (`{ key, params }`) and are translated when rendered, so the page
 * follows the visitor's language. API errors carry `messageKey`s that are catalog keys too.
 */
import { isMessageKey, type MessageKey } from "@gongzhi/ui";
import { data, redirect } from "react-router";
import { type Caller, getCaller, type RequestArgs } from "./context.server.ts";
import type { FormFailure, Message } from "./forms.tsx";

export type { FormFailure, Message };

/** The Standard Schema interface (https://standardschema.dev): zod 4 schemas implement it. */
export interface StandardSchema<Output = unknown> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Output; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<{ readonly message: string }> }
      | Promise<
          | { readonly value: Output; readonly issues?: undefined }
          | { readonly issues: ReadonlyArray<{ readonly message: string }> }
        >;
  };
}

/** One form field: its schema (e.g. `mainlandMobile` from @gongzhi/core), and what to say when invalid. */
export interface FieldSpec<Output = unknown> {
  schema: StandardSchema<Output>;
  /** Shown when the schema rejects the value. */
  message: MessageKey;
  /** Empty is allowed (the value is then `undefined`); otherwise empty shows `required`. */
  optional?: boolean;
  /** Shown when a required field is empty; "form.required" (请填写此项) unless told — a question
   * answered by choosing (radio buttons) says 请回答这一项 instead. */
  required?: MessageKey;
  /** Never echoed back in `values` (passwords). */
  secret?: boolean;
}

export type FieldSpecs = Record<string, FieldSpec>;
type Output<S> = S extends FieldSpec<infer O> ? O : never;
export type FormData_<F extends FieldSpecs> = {
  [K in keyof F]: F[K]["optional"] extends true ? Output<F[K]> | undefined : Output<F[K]>;
};

/** Declare fields with their types inferred (`defineFields({ phone: { schema: mainlandMobile, … } })`). */
export function defineFields<F extends FieldSpecs>(fields: F): F {
  return fields;
}

/**
 * A simple text rule for fields core has no schema for: trimmed unless `trim: false`, length between
 * `min` and `max` characters, optionally matching `pattern`. A Standard Schema, like zod's.
 */
export function textRule(opts: {
  min?: number;
  max: number;
  trim?: boolean;
  pattern?: RegExp;
}): StandardSchema<string> {
  return {
    "~standard": {
      version: 1,
      vendor: "gongzhi-portal",
      validate(value) {
        if (typeof value !== "string") return { issues: [{ message: "expected text" }] };
        const text = opts.trim === false ? value : value.trim();
        if (text.length < (opts.min ?? 1) || text.length > opts.max)
          return { issues: [{ message: `expected ${opts.min ?? 1}–${opts.max} characters` }] };
        if (opts.pattern && !opts.pattern.test(text)) return { issues: [{ message: "wrong format" }] };
        return { value: text };
      },
    },
  };
}

/** Reads the submitted form, refusing cross-site posts (CSRF defence for the cookie session). */
export async function readForm(request: Request): Promise<FormData> {
  if (!isSameOrigin(request)) {
    throw data({ formError: { key: "error.cross_site" } satisfies Message }, { status: 403 });
  }
  return request.formData();
}

/** `Sec-Fetch-Site` (or `Origin` on older browsers) must say the post came from this site. */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === (request.headers.get("host") ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

/**
 * Validates FormData field by field. On failure, `failure` is ready to return from the action
 * (status 400, field errors, what was typed minus secrets).
 */
export async function parseForm<F extends FieldSpecs>(
  formData: FormData,
  fields: F,
  opts: { intent?: string } = {},
): Promise<
  | { ok: true; data: FormData_<F>; values: Partial<Record<keyof F & string, string>> }
  | { ok: false; failure: ReturnType<typeof failureResponse<keyof F & string>> }
> {
  const values: Partial<Record<keyof F & string, string>> = {};
  const fieldErrors: Partial<Record<keyof F & string, Message>> = {};
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields) as Array<[keyof F & string, FieldSpec]>) {
    const raw = formData.get(name);
    const value = typeof raw === "string" ? raw : "";
    if (!spec.secret) values[name] = value;
    if (value.trim() === "") {
      if (spec.optional) {
        out[name] = undefined;
        continue;
      }
      fieldErrors[name] = { key: spec.required ?? "form.required" };
      continue;
    }
    const result = await spec.schema["~standard"].validate(value);
    if (result.issues) fieldErrors[name] = { key: spec.message };
    else out[name] = result.value;
  }
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, failure: failureResponse({ fieldErrors, values, intent: opts.intent }) };
  }
  return { ok: true, data: out as FormData_<F>, values };
}

/** A failed submit as the action's response (400 unless told). */
export function failureResponse<F extends string>(
  failure: Partial<Omit<FormFailure<F>, "ok">>,
  status = 400,
) {
  const body: FormFailure<F> = {
    ok: false,
    formError: failure.formError ?? null,
    fieldErrors: failure.fieldErrors ?? {},
    values: failure.values ?? {},
    ...(failure.intent ? { intent: failure.intent } : {}),
  };
  return data(body, { status });
}

/** The shape of the API's client errors (TRPCError + `messageKey`), checked without importing tRPC. */
export interface ApiErrorLike {
  code: string;
  messageKey?: string;
  params?: Record<string, string | number>;
}

export function isApiError(error: unknown): error is ApiErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    (error as { name?: unknown }).name === "TRPCError"
  );
}

/** An API error as a catalog message; unknown keys become the generic input error. */
export function apiErrorMessage(error: ApiErrorLike): Message {
  const key = error.messageKey;
  if (key && isMessageKey(key)) return { key, ...(error.params ? { params: error.params } : {}) };
  if (error.code === "BAD_REQUEST") return { key: "error.invalid_input" };
  if (error.code === "UNAUTHORIZED") return { key: "error.unauthorized" };
  if (error.code === "FORBIDDEN") return { key: "error.forbidden" };
  return { key: "error.generic" };
}

/**
 * Turns an error thrown by a procedure into the action's failure response: next to a field when
 * `fields` maps its messageKey (or a prefix of it, e.g. "error.password.") to one, else for the form.
 * Unexpected errors (no API error, or a server fault) are rethrown to the ErrorBoundary.
 */
export function apiFailure<F extends string>(
  error: unknown,
  values: Partial<Record<F, string>>,
  opts: { fields?: Record<string, F>; intent?: string } = {},
) {
  if (!isApiError(error) || error.code === "INTERNAL_SERVER_ERROR") throw error;
  const message = apiErrorMessage(error);
  const key = error.messageKey ?? "";
  const field = Object.entries(opts.fields ?? {}).find(([prefix]) => key.startsWith(prefix))?.[1];
  const status = error.code === "TOO_MANY_REQUESTS" ? 429 : 400;
  return failureResponse<F>(
    {
      ...(field
        ? { fieldErrors: { [field]: message } as Partial<Record<F, Message>> }
        : { formError: message }),
      values,
      intent: opts.intent,
    },
    status,
  );
}

/** Redirect (post/redirect/get), carrying the API's Set-Cookie headers. */
export function redirectWith(url: string, headers?: Headers): Response {
  return redirect(url, headers ? { headers } : undefined);
}

/**
 * `next` from a query string or form, if it is a path on this site (not `//evil`, not a URL);
 * otherwise `fallback`. Use it for every redirect target that came from the client.
 */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return fallback;
  try {
    const url = new URL(value, "http://portal.invalid");
    if (url.origin !== "http://portal.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The signed-in user (or null): `auth.me`, shared with the root loader within a request. */
export async function getUser(args: RequestArgs) {
  const caller = await getCaller(args);
  return caller.auth.me();
}

export type SignedInUser = NonNullable<Awaited<ReturnType<Caller["auth"]["me"]>>>;

/**
 * For loaders and actions of pages that need a signed-in user: the user and the caller, or a
 * redirect to `/signin?next=<this page>` (and back after signing in).
 */
export async function requireUser(args: RequestArgs): Promise<{ user: SignedInUser; caller: Caller }> {
  const caller = await getCaller(args);
  const user = await caller.auth.me();
  if (!user) throw redirect(signInUrl(args.request));
  return { user, caller };
}

/** `/signin?next=…` back to the page of `request`. */
export function signInUrl(request: Request): string {
  const url = new URL(request.url);
  const next = `${url.pathname}${url.search}`;
  return `/signin?next=${encodeURIComponent(next)}`;
}

/**
 * Server half of the topics pages: form fields, the community a visitor's topics come from, and the
 * mapping of API errors to fields. Kept out of the browser bundle (schemas, caller).
 */
import { topicCategories } from "@gongzhi/core";
import type { Caller } from "./context.server.ts";
import {
  apiFailure,
  defineFields,
  failureResponse,
  isApiError,
  type SignedInUser,
  type StandardSchema,
  textRule,
} from "./forms.server.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && uuid.test(value);

function oneOf<T extends string>(values: readonly T[]): StandardSchema<T> {
  return {
    "~standard": {
      version: 1,
      vendor: "gongzhi-portal",
      validate(value) {
        return typeof value === "string" && (values as readonly string[]).includes(value)
          ? { value: value as T }
          : { issues: [{ message: "not one of the choices" }] };
      },
    },
  };
}

/** Propose / edit: the limits of core's `topic` schema (title 4–80, body 10–5000). */
export const topicFields = defineFields({
  title: { schema: textRule({ min: 4, max: 80 }), message: "topics.form.title.invalid" },
  body: { schema: textRule({ min: 10, max: 5000 }), message: "topics.form.body.invalid" },
  category: { schema: oneOf(topicCategories), message: "topics.form.category.invalid" },
});

export const commentFields = defineFields({
  body: { schema: textRule({ min: 1, max: 2000 }), message: "topics.form.comment.invalid" },
});

export const reportFields = defineFields({
  reason: { schema: textRule({ min: 1, max: 500 }), message: "topics.form.reason.invalid" },
});

/**
 * The community whose topics a signed-in user sees: a community-scoped role (resident first), else
 * the community of a verified unit. `null` when the user belongs to none yet.
 */
export async function communityOf(user: SignedInUser, caller: Caller): Promise<string | null> {
  const community = [...user.roles]
    .sort((a, b) => Number(b.role === "resident") - Number(a.role === "resident"))
    .find((r) => r.scopeKind === "community" && r.scopeId);
  if (community?.scopeId) return community.scopeId;
  if (user.roles.some((r) => r.scopeKind === "unit")) {
    const units = await caller.households.myUnits({ limit: 1 }).then(
      (page) => page.items,
      () => [],
    );
    if (units[0]) return units[0].communityId;
  }
  return null;
}

/** API errors of the propose/edit form: title/body/category problems next to their field; a rate
 *  limit as the topics page's own message. */
export function topicFormFailure(
  error: unknown,
  values: Partial<Record<"title" | "body" | "category", string>>,
  intent: string,
) {
  if (isApiError(error) && error.code === "TOO_MANY_REQUESTS") {
    const seconds = Number(error.params?.retryAfterSeconds ?? 60);
    return failureResponse(
      {
        formError: { key: "topics.new.rateLimited", params: { retryAfterSeconds: seconds } },
        values,
        intent,
      },
      429,
    );
  }
  return apiFailure(error, values, {
    intent,
    fields: { "error.topic.title": "title", "error.topic.body": "body", "error.topic.category": "category" },
  });
}

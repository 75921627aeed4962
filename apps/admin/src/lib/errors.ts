import { isMessageKey, type TranslateFn } from "@gongzhi/ui";

/** An API error in the user's language: the API's `messageKey` when the catalog has it. */
export function errorText(t: TranslateFn, error: unknown): string {
  const data = (error as { data?: { messageKey?: string; params?: Record<string, string | number> } } | null)
    ?.data;
  const key = data?.messageKey;
  if (key && isMessageKey(key)) {
    return (t as (k: string, p?: Record<string, string | number>) => string)(key, data?.params ?? {});
  }
  return t("error.generic");
}

/** The tRPC error code (e.g. "FORBIDDEN"), if any. */
export function errorCode(error: unknown): string | undefined {
  return (error as { data?: { code?: string } } | null)?.data?.code;
}

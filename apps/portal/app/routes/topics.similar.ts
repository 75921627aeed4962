/** Resource route for the propose form: similar existing topics of my community, as JSON. */
import { getCaller } from "../lib/context.server.ts";
import { getUser } from "../lib/forms.server.ts";
import { communityOf, isUuid } from "../lib/topics.server.ts";
import type { Route } from "./+types/topics.similar";

export async function loader(args: Route.LoaderArgs) {
  const url = new URL(args.request.url);
  const title = (url.searchParams.get("title") ?? "").trim().slice(0, 80);
  const exclude = url.searchParams.get("exclude");
  const user = await getUser(args);
  if (!user || title.length === 0) return Response.json({ items: [] });
  const caller = await getCaller(args);
  const communityId = await communityOf(user, caller);
  if (!communityId) return Response.json({ items: [] });
  const page = await caller.topics
    .similar({ communityId, title, limit: 5, ...(isUuid(exclude) ? { excludeTopicId: exclude } : {}) })
    .then(
      (p) => p.items,
      () => [],
    );
  return Response.json(
    { items: page.map(({ id, title, status, supportCount }) => ({ id, title, status, supportCount })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

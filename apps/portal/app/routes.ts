import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("healthz", "routes/healthz.ts"),
  // Accounts (working without JavaScript: forms post to the route's action, then redirect).
  route("signup", "routes/signup.tsx"),
  route("signin", "routes/signin.tsx"),
  route("signout", "routes/signout.tsx"),
  route("me", "routes/me.tsx"),
  route("verify", "routes/verify.tsx"),
  route("residency", "routes/residency.tsx"),
  route("privacy", "routes/privacy.tsx"),
  // Topics (议题) — owned by the topics pages.
  route("topics", "routes/topics.tsx"),
  route("topics/new", "routes/topics.new.tsx"),
  route("topics/similar", "routes/topics.similar.ts"),
  route("topics/:id", "routes/topics.$id.tsx"),
  route("topics/:id/edit", "routes/topics.$id.edit.tsx"),
  // Votes (业主投票) and meetings (议事会).
  route("votes", "routes/votes.tsx"),
  route("votes/:id", "routes/votes.$id.tsx"),
  route("meetings", "routes/meetings.tsx"),
  route("meetings/:id", "routes/meetings.$id.tsx"),
  // Home dashboard, ledger (台账), my compound, notifications.
  // (ledger, compound and notifications routes)
  route("ledger", "routes/ledger.tsx"),
  route("ledger/:id", "routes/ledger.$id.tsx"),
  route("compound", "routes/compound.tsx"),
  route("notifications", "routes/notifications.tsx"),
  // 接诉即办: my requests (我要反映), filing with photos, one request's timeline and callback.
  route("requests", "routes/requests.tsx"),
  route("requests/new", "routes/requests.new.tsx"),
  route("requests/:id", "routes/requests.$id.tsx"),
  route("work-order-photos/:id", "routes/work-order-photos.$id.ts"),
  // Anything else is a friendly 404 rendered by the root ErrorBoundary.
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;

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
  // Topics (议题) — owned by the topics pages.
  // (topics routes)
  // Votes (业主投票) and meetings (议事会).
  // (votes and meetings routes)
  // Home dashboard, ledger (台账), my compound, notifications.
  // (ledger, compound and notifications routes)
  // Anything else is a friendly 404 rendered by the root ErrorBoundary.
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;

import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("healthz", "routes/healthz.ts"),
  // Anything else is a friendly 404 rendered by the root ErrorBoundary.
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;

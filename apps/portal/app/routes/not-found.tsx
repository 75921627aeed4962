import { data } from "react-router";

/** Unknown paths: throw a 404 so the root ErrorBoundary renders the friendly page with status 404. */
export function loader() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}

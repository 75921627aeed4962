import PlaceholderPage from "../../pages/Placeholder.tsx";
import { sections } from "../../shell/sections.ts";

export default function Page() {
  return <PlaceholderPage section={sections[0]!} />;
}

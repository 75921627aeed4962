import type { Meta, StoryObj } from "@storybook/react-vite";
import { AppShell, LocaleSwitch } from "./AppShell.tsx";
import { Card } from "./Card.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const nav = (
  <ul className="flex gap-1">
    <li>
      <a className="inline-flex min-h-11 items-center rounded-lg px-3 hover:bg-slate-100" href="#topics">
        议题
      </a>
    </li>
    <li>
      <a className="inline-flex min-h-11 items-center rounded-lg px-3 hover:bg-slate-100" href="#meetings">
        协商
      </a>
    </li>
  </ul>
);

const meta = {
  title: "Layout/AppShell",
  component: AppShell,
  args: {
    nav,
    end: <LocaleSwitch hrefFor={(locale) => `?lang=${locale}`} />,
    children: (
      <Card title="欢迎">
        <p>这里是共治居民服务的页面框架。</p>
      </Card>
    ),
  },
} satisfies Meta<typeof AppShell>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = { args: { children: <EmptyState title="暂无内容" /> } };
export const Loading: Story = { args: { children: <LoadingIndicator /> } };
export const Failed: Story = {
  name: "Error",
  args: { children: <ErrorState headingLevel={1} onRetry={() => {}} /> },
};
export const LongChineseText: Story = {
  args: { title: longChinese, children: <p>{`${longChinese}。`.repeat(6)}</p> },
};
export const LocaleSwitchButtons: Story = {
  name: "Locale switch (buttons, SPA)",
  args: { end: <LocaleSwitch onSelect={() => {}} /> },
};

import type { Meta, StoryObj } from "@storybook/react-vite";
import { AccountNav, signOutButtonClass } from "./AccountNav.tsx";
import { longChinese } from "./fixtures.ts";

const signOut = (
  <form method="post" action="/signout" onSubmit={(event) => event.preventDefault()}>
    <button type="submit" className={signOutButtonClass}>
      退出登录
    </button>
  </form>
);

const meta = {
  title: "Layout/AccountNav",
  component: AccountNav,
  args: { user: null },
} satisfies Meta<typeof AccountNav>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SignedOut: Story = {};
export const SignedIn: Story = { args: { user: { displayName: "王阿姨" }, unread: 0, signOut } };
export const Unread: Story = { args: { user: { displayName: "王阿姨" }, unread: 3, signOut } };
export const ManyUnread: Story = { args: { user: { displayName: "王阿姨" }, unread: 250, signOut } };
export const NotificationsUnavailable: Story = {
  args: { user: { displayName: "王阿姨" }, unread: null, signOut },
};
export const LongChineseName: Story = {
  args: { user: { displayName: longChinese.slice(0, 50) }, unread: 1, signOut },
};

export {
  AccountNav,
  type AccountNavProps,
  signOutButtonClass,
} from "./components/AccountNav.tsx";
export {
  AdminAccount,
  type AdminAccountProps,
  AdminShell,
  type AdminShellProps,
} from "./components/AdminShell.tsx";
export {
  Alert,
  type AlertProps,
  type AlertTone,
  ErrorSummary,
  type ErrorSummaryProps,
} from "./components/Alert.tsx";
export {
  AppShell,
  type AppShellProps,
  Header,
  type HeaderProps,
  LocaleSwitch,
  type LocaleSwitchProps,
} from "./components/AppShell.tsx";
export { Button, type ButtonProps, type ButtonVariant, buttonClasses } from "./components/Button.tsx";
export { Card, type CardProps } from "./components/Card.tsx";
export { cx } from "./components/cx.ts";
export {
  DataTable,
  type DataTableColumn,
  type DataTableProps,
  type DataTableSort,
} from "./components/DataTable.tsx";
export {
  DistrictSummary,
  type DistrictSummaryData,
  type DistrictSummaryProps,
} from "./components/DistrictSummary.tsx";
export { EmptyState, type EmptyStateProps } from "./components/EmptyState.tsx";
export { ErrorState, type ErrorStateProps } from "./components/ErrorState.tsx";
export { fieldId, TextField, type TextFieldProps } from "./components/Field.tsx";
export {
  formatDay,
  LedgerItemCard,
  type LedgerItemCardProps,
  type LedgerItemData,
  type LedgerItemStatus,
  LedgerRatingText,
  LedgerStatusBadge,
  type LedgerSupervisionLevel,
} from "./components/LedgerItem.tsx";
export {
  type CalendarMeeting,
  MeetingCalendar,
  type MeetingCalendarProps,
  type MeetingStatus,
} from "./components/MeetingCalendar.tsx";
export {
  NotificationItem,
  type NotificationItemProps,
  NotificationList,
} from "./components/NotificationItem.tsx";
export { PageHeader, type PageHeaderProps } from "./components/PageHeader.tsx";
export {
  CountBadge,
  type CountBadgeProps,
  type NavItem,
  PrimaryNav,
  type PrimaryNavProps,
  type RenderLink,
  renderAnchor,
} from "./components/PrimaryNav.tsx";
export {
  type QuorumMeasure,
  QuorumProgress,
  type QuorumProgressProps,
} from "./components/QuorumProgress.tsx";
export { formatRate, RateCard, type RateCardProps, type RateStatus } from "./components/RateCard.tsx";
export {
  RatingCommentField,
  type RatingCommentFieldProps,
  RatingInput,
  type RatingInputProps,
  RatingSummary,
  type RatingSummaryProps,
} from "./components/RatingInput.tsx";
export { Loading, type LoadingProps, Spinner, type SpinnerProps } from "./components/Spinner.tsx";
export { StatGrid, type StatGridProps, StatTile, type StatTileProps } from "./components/StatTile.tsx";
export {
  ThreeRateFlags,
  type ThreeRateFlagsData,
  type ThreeRateFlagsProps,
} from "./components/ThreeRateFlags.tsx";
export { TopicListItem, type TopicListItemProps } from "./components/TopicListItem.tsx";
export { TopicStatusBadge, type TopicStatusBadgeProps } from "./components/TopicStatusBadge.tsx";
export { TopicSupportMeter, type TopicSupportMeterProps } from "./components/TopicSupportMeter.tsx";
export {
  TopicTimeline,
  type TopicTimelineEntry,
  type TopicTimelineProps,
} from "./components/TopicTimeline.tsx";
export {
  type VoteStatus,
  VoteStatusBadge,
  type VoteStatusBadgeProps,
} from "./components/VoteStatusBadge.tsx";
export {
  type AreaHead,
  VoteTally,
  type VoteTallyData,
  type VoteTallyProps,
} from "./components/VoteTally.tsx";
export {
  defaultLocale,
  formatArea,
  formatDateTime,
  formatNumber,
  hasMessages,
  isLocale,
  isMessageKey,
  type Locale,
  loadMessages,
  localeCookieName,
  locales,
  type MessageArgs,
  type MessageKey,
  resolveLocale,
  t,
  timeZone,
} from "./i18n/i18n.ts";
export { en as enMessages } from "./i18n/messages/en.ts";
export { zhCN as zhCNMessages } from "./i18n/messages/zh-CN.ts";
export {
  I18nProvider,
  type I18nValue,
  type TranslateFn,
  useI18n,
  useLocale,
  useMessages,
  useT,
} from "./i18n/react.tsx";

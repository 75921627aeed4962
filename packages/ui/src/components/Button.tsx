import type { ButtonHTMLAttributes, ReactNode } from "react";
import { cx } from "./cx.ts";
import { Spinner } from "./Spinner.tsx";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows a spinner, sets aria-busy and disables the button while an action runs. */
  loading?: boolean;
  /** Stretch to the container's width (phones). */
  block?: boolean;
  children: ReactNode;
}

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 active:bg-brand-900 disabled:bg-slate-600",
  secondary:
    "border border-slate-400 bg-white text-slate-900 hover:bg-slate-100 active:bg-slate-200 disabled:text-slate-500",
  ghost: "bg-transparent text-brand-800 hover:bg-brand-50 active:bg-brand-100 disabled:text-slate-500",
  danger: "bg-red-800 text-white hover:bg-red-900 disabled:bg-slate-600",
};

/** Shared button classes, for links that must look like buttons (`<a className={buttonClasses()}>`). */
export function buttonClasses(variant: ButtonVariant = "primary", block = false): string {
  return cx(
    // 44 × 44 px minimum touch target (WCAG 2.5.5), visible focus ring from the base layer.
    "inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg px-4 py-2",
    "text-base font-medium no-underline transition-colors disabled:cursor-not-allowed",
    variants[variant],
    block && "w-full",
  );
}

export function Button({
  variant = "primary",
  loading = false,
  block = false,
  type = "button",
  disabled,
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={cx(buttonClasses(variant, block), className)}
      {...rest}
    >
      {loading ? <Spinner size={18} /> : null}
      {children}
    </button>
  );
}

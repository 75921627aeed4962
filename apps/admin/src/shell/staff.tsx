import { createContext, useContext } from "react";
import type { StaffScope } from "../lib/session.ts";

export interface Staff {
  userId: string;
  displayName: string;
  scope: StaffScope;
}

const StaffContext = createContext<Staff | null>(null);
export const StaffProvider = StaffContext.Provider;

/** The signed-in staff member (only inside the signed-in console). */
export function useStaff(): Staff {
  const staff = useContext(StaffContext);
  if (!staff) throw new Error("useStaff() outside the signed-in console");
  return staff;
}

/**
 * 接诉即办 (work orders) in the console: the list (a unit's inbox, or the dispatchers' street/district
 * view), intake of a call (dispatchers only) and one order's page.
 */
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useStaff } from "../../shell/staff.tsx";
import IntakePage from "./IntakePage.tsx";
import OrderList from "./OrderList.tsx";
import OrderPage from "./OrderPage.tsx";

export default function WorkOrdersSection() {
  const { scope } = useStaff();
  return (
    <Routes>
      <Route index element={<OrderList />} />
      {scope.role === "unit_staff" ? null : <Route path="new" element={<IntakePage />} />}
      <Route path=":id" element={<OrderPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { DataTable, type DataTableColumn, type DataTableSort } from "./DataTable.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { type CommunityRow, communityRows } from "./fixtures.ts";

const columns: DataTableColumn<CommunityRow>[] = [
  { key: "name", header: "社区（村）", cell: (row) => row.name, rowHeader: true, sortable: true },
  { key: "subdistrict", header: "街道乡镇", cell: (row) => row.subdistrict, sortable: true },
  { key: "compounds", header: "小区", cell: (row) => row.compounds, align: "end", sortable: true },
  { key: "units", header: "房屋", cell: (row) => row.units.toLocaleString("zh-CN"), align: "end" },
];

const meta = {
  title: "Components/DataTable",
  component: DataTable<CommunityRow>,
  args: {
    caption: "延庆区社区（村）一览",
    columns,
    rows: communityRows.slice(0, 4),
    getRowKey: (row: CommunityRow) => row.id,
  },
} satisfies Meta<typeof DataTable<CommunityRow>>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = { args: { rows: [], empty: "没有符合条件的社区" } };
export const Loading: Story = { args: { rows: undefined, loading: true } };
export const Failed: Story = {
  name: "Error",
  args: { rows: undefined, error: <ErrorState description="无法加载社区列表。" onRetry={() => {}} /> },
};
export const LongChineseText: Story = { args: { rows: communityRows } };
export const HiddenCaption: Story = { args: { captionHidden: true } };

function SortableTable() {
  const [sort, setSort] = useState<DataTableSort>({ key: "compounds", direction: "desc" });
  const rows = [...communityRows].sort((a, b) => {
    const key = sort.key as keyof CommunityRow;
    const order = String(a[key]).localeCompare(String(b[key]), "zh-CN", { numeric: true });
    return sort.direction === "asc" ? order : -order;
  });
  return (
    <DataTable
      caption="可排序的社区列表"
      columns={columns}
      rows={rows}
      getRowKey={(row) => row.id}
      sort={sort}
      onSortChange={setSort}
    />
  );
}

export const Sortable: Story = { render: () => <SortableTable /> };

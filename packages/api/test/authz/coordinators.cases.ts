import { coordinatorsRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

let seq = 0;
const idNumber = () => `11022919900101${String(1000 + (seq++ % 9000)).padStart(4, "0")}`;

export const coordinatorsCases: DomainCases = {
  async setup(world, side) {
    const repo = coordinatorsRepository(world.db);
    const category = await repo.createCategory({
      code: `authz_${side}_${Date.now().toString(36)}`.replace(/[^a-z_]/g, "x"),
      nameZh: "测试类",
      nameEn: "Test",
    });
    const c = await repo.create({
      categoryId: category.id,
      name: "张协管",
      gender: "female",
      birthYear: 1985,
      phone: "13912345678",
      idNumber: `1102291985010${side === "inside" ? "1" : "2"}1234`,
      employerDepartment: "区民政局",
      communityId: world[side].communityId,
      hiredOn: "2021-03-01",
    });
    return { coordinatorId: c.id, coordinatorCategoryId: category.id };
  },
  cases: {
    "coordinators.categories": { input: () => undefined, scope: "ignore" },
    "coordinators.createCategory": {
      input: ({ world, side }) => ({
        districtId: world[side].districtId,
        code: `cat_${side}_${"abcdefghij"[seq++ % 10]}`,
        nameZh: "新类别",
        nameEn: "New category",
      }),
    },
    "coordinators.updateCategory": {
      input: ({ world, side, extra }) => ({
        districtId: world[side].districtId,
        id: extra.coordinatorCategoryId,
        nameEn: "Renamed",
      }),
    },
    "coordinators.list": {
      input: ({ world, side }) => ({ scope: { level: "community", id: world[side].communityId } }),
    },
    "coordinators.get": { input: ({ extra }) => ({ id: extra.coordinatorId }) },
    "coordinators.reveal": { input: ({ extra }) => ({ id: extra.coordinatorId }) },
    "coordinators.create": {
      input: ({ world, side, extra }) => ({
        categoryId: extra.coordinatorCategoryId,
        name: "李协管",
        gender: "male",
        birthYear: 1979,
        phone: "13800001111",
        idNumber: idNumber(),
        employerDepartment: "街道办",
        communityId: world[side].communityId,
        hiredOn: "2022-01-01",
      }),
    },
    "coordinators.update": {
      input: ({ extra }) => ({ id: extra.coordinatorId, employerDepartment: "区城管委" }),
    },
    "coordinators.setStatus": { input: ({ extra }) => ({ id: extra.coordinatorId, status: "on_leave" }) },
    "coordinators.import": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        dryRun: true,
        rows: [
          {
            name: "赵协管",
            gender: "male",
            birthYear: 1980,
            phone: "13800002222",
            idNumber: idNumber(),
            categoryCode: "no_such_category",
            employerDepartment: "街道办",
            hiredOn: "2022-01-01",
          },
        ],
      }),
    },
    "coordinators.census": {
      input: ({ world, side }) => ({ scope: { level: "community", id: world[side].communityId } }),
    },
  },
};

import { registryRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

type Extra = { raGridId: string; raCommunityCode: string; raCompoundCode: string };
const x = (extra: Record<string, unknown>) => extra as Extra;

export const registryAdminCases: DomainCases = {
  async setup(world, side) {
    const place = world[side];
    const repo = registryRepository(world.db);
    const community = await repo.getCommunity(place.communityId);
    const compound = await repo.getCompound(place.compoundId);
    const grid = await repo.createGrid({
      communityId: place.communityId,
      code: `RAG-${side}-${place.communityId.slice(0, 8)}`,
      name: `网格${side}`,
      responsiblePerson: "张网格",
    });
    return { raGridId: grid.id, raCommunityCode: community!.code, raCompoundCode: compound!.code };
  },
  cases: {
    "registryAdmin.listSubdistricts": {
      input: ({ world, side }) => ({ districtId: world[side].districtId }),
    },
    "registryAdmin.getSubdistrict": {
      input: ({ world, side }) => ({ subdistrictId: world[side].subdistrictId }),
    },
    "registryAdmin.createSubdistrict": {
      input: ({ world, side }) => ({
        districtId: world[side].districtId,
        code: `RAS-${side}-${world[side].districtId.slice(0, 8)}`,
        name: "新街道",
        kind: "town",
      }),
    },
    "registryAdmin.updateSubdistrict": {
      input: ({ world, side }) => ({
        subdistrictId: world[side].subdistrictId,
        patch: { name: `街道 ${side}` },
      }),
    },
    "registryAdmin.listCommunities": {
      input: ({ world, side }) => ({ subdistrictId: world[side].subdistrictId, search: "社区" }),
    },
    "registryAdmin.getCommunity": { input: ({ world, side }) => ({ communityId: world[side].communityId }) },
    "registryAdmin.createCommunity": {
      input: ({ world, side }) => ({
        subdistrictId: world[side].subdistrictId,
        code: `RAC-${side}-${world[side].subdistrictId.slice(0, 8)}`,
        name: "新社区",
        kind: "community",
        supportThreshold: 5,
      }),
    },
    "registryAdmin.updateCommunity": {
      input: ({ world, side }) => ({ communityId: world[side].communityId, patch: { supportThreshold: 2 } }),
    },
    "registryAdmin.listGrids": { input: ({ world, side }) => ({ communityId: world[side].communityId }) },
    "registryAdmin.createGrid": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        code: `RAG2-${side}-${world[side].communityId.slice(0, 8)}`,
        name: "第二网格",
        responsiblePerson: "李网格",
      }),
    },
    "registryAdmin.updateGrid": {
      input: ({ extra }) => ({ gridId: x(extra).raGridId, patch: { responsiblePerson: "王网格" } }),
    },
    "registryAdmin.listCompounds": {
      input: ({ world, side }) => ({
        scopeLevel: "community",
        scopeId: world[side].communityId,
        type: "commercial",
        sort: { key: "households", direction: "desc" },
      }),
    },
    "registryAdmin.getCompound": { input: ({ world, side }) => ({ compoundId: world[side].compoundId }) },
    "registryAdmin.createCompound": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        code: `RAP-${side}-${world[side].communityId.slice(0, 8)}`,
        name: "新小区",
        type: "old",
        address: "延庆镇",
        households: 120,
        inScope: true,
      }),
    },
    "registryAdmin.updateCompound": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        patch: { address: "妫水北街 1 号" },
      }),
    },
    "registryAdmin.listBuildings": { input: ({ world, side }) => ({ compoundId: world[side].compoundId }) },
    "registryAdmin.getBuilding": { input: ({ world, side }) => ({ buildingId: world[side].buildingId }) },
    "registryAdmin.createBuilding": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        code: `RAB-${side}`,
        name: "9号楼",
      }),
    },
    "registryAdmin.updateBuilding": {
      input: ({ world, side }) => ({ buildingId: world[side].buildingId, patch: { name: "1号楼" } }),
    },
    "registryAdmin.listUnits": { input: ({ world, side }) => ({ buildingId: world[side].buildingId }) },
    "registryAdmin.listCompoundUnits": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        buildingId: world[side].buildingId,
      }),
    },
    "registryAdmin.createUnit": {
      input: ({ world, side }) => ({
        buildingId: world[side].buildingId,
        number: `9${side === "inside" ? "01" : "02"}`,
        registeredAreaCentiM2: 8937,
        surveyedAreaCentiM2: null,
        contractAreaCentiM2: null,
      }),
    },
    "registryAdmin.updateUnit": {
      input: ({ world, side }) => ({ unitId: world[side].unitId, patch: { surveyedAreaCentiM2: 9100 } }),
    },
    "registryAdmin.importCompounds": {
      input: ({ world, side, extra }) => ({
        scopeLevel: "community",
        scopeId: world[side].communityId,
        dryRun: true,
        rows: [
          {
            communityCode: x(extra).raCommunityCode,
            code: `RAI-${side}-${world[side].communityId.slice(0, 8)}`,
            name: "导入小区",
            type: "商品房",
            address: "",
            households: 300,
            inScope: true,
          },
        ],
      }),
    },
    "registryAdmin.importUnits": {
      input: ({ world, side, extra }) => ({
        scopeLevel: "compound",
        scopeId: world[side].compoundId,
        dryRun: true,
        rows: [
          {
            compoundCode: x(extra).raCompoundCode,
            buildingCode: "2",
            buildingName: "2号楼",
            unitNumber: "101",
            registeredArea: "89.37",
          },
        ],
      }),
    },
  },
};

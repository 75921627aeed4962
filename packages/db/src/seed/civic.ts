/**
 * Stage: deliberation (议事厅: topics in every status with supports, comments and status history; the
 * monthly meetings), owners' decisions (a closed and published one with its honest tally, an open one),
 * ledger items (台账, every status, overdue ones under 督办), notifications and the seed's audit entry.
 */
import {
  type Art278Item,
  addDays,
  addMonths,
  type BallotChoice,
  compareDates,
  type IsoDate,
  type LedgerStatus,
  matterForItem,
  type SupervisionLevel,
  type TopicCategory,
  type TopicStatus,
  tallyOwnersDecision,
} from "@gongzhi/core";
import {
  agendaItems,
  ballots,
  ledgerEvidence,
  ledgerItems,
  ledgerProgressNotes,
  ledgerRatings,
  meetingAttendees,
  meetingDecisions,
  meetings,
  notifications,
  ownersDecisions,
  topicComments,
  topicStatusChanges,
  topicSupports,
  topics,
} from "../schema/index.ts";
import { at, insertChunks, monthOf, personName, type SeedContext } from "./context.ts";
import { PROPERTY_COMPANIES } from "./data.ts";
import type { SeededUsers } from "./people.ts";
import type { RegistryResult, SeededCompound } from "./registry.ts";

interface TopicSpec {
  title: string;
  body: string;
  category: TopicCategory;
  status: TopicStatus;
  /** Index (in this list) of the topic a merged one was merged into. */
  mergedInto?: number;
  declineReason?: string;
  /** Demo resident is the author. */
  byDemoResident?: boolean;
  /** Needs an owners' vote (民法典 Art. 278 item). */
  vote?: "closed" | "open";
}

/** The demo community's topics, one or more in every status (五民: 民提 → 民议 → 民决 → 民办 → 民评). */
const DEMO_TOPICS: readonly TopicSpec[] = [
  {
    title: "小区东门增设电动自行车充电桩",
    body: "东门附近电动自行车多，楼道充电有火灾隐患，建议利用东门内侧空地建设集中充电车棚。",
    category: "safety",
    status: "decided",
    vote: "open",
  },
  {
    title: "利用闲置锅炉房开设社区老年餐桌",
    body: "小区原锅炉房闲置多年，建议改造为老年餐桌，解决高龄老人吃饭难。",
    category: "elderly_care",
    status: "in_progress",
    vote: "closed",
  },
  {
    title: "3号楼前绿地改建为口袋公园",
    body: "3号楼前绿地长期无人打理，建议改建为有座椅和步道的口袋公园。",
    category: "environment",
    status: "scheduled",
  },
  {
    title: "地下车库夜间照明不足",
    body: "地下车库B区多盏灯损坏，夜间取车不安全，请物业尽快维修。",
    category: "safety",
    status: "rated",
    byDemoResident: true,
  },
  {
    title: "规范小区内机动车停放，施划临时停车位",
    body: "晚间消防通道被占用，建议施划临时停车位并加强巡查。",
    category: "parking",
    status: "deliberated",
  },
  {
    title: "为老年人加装楼道扶手",
    body: "多层楼没有扶手，老人上下楼困难，建议在1至6号楼楼道加装扶手。",
    category: "elderly_care",
    status: "done",
  },
  {
    title: "物业费收支公示不及时",
    body: "物业费收支情况已一年多未公示，请业委会督促物业按季度公示。",
    category: "property",
    status: "accepted",
  },
  {
    title: "垃圾分类桶站异味问题",
    body: "5号楼旁桶站夏季异味严重，建议增加清运频次并加装除臭设备。",
    category: "environment",
    status: "done",
  },
  {
    title: "组织夏季纳凉晚会",
    body: "建议七月组织一次社区纳凉晚会，邀请居民文艺队演出。",
    category: "culture",
    status: "declined",
    byDemoResident: true,
    declineReason: "社区文化活动已纳入街道统一安排（七月“邻里节”），不单独立项；欢迎报名参加。",
  },
  {
    title: "小区监控探头存在盲区",
    body: "北侧围墙一带没有监控，近期发生电动车电瓶被盗，建议增设探头。",
    category: "safety",
    status: "in_progress",
  },
  {
    title: "楼顶防水层老化漏雨",
    body: "7号楼顶层多户反映雨季漏水，建议使用维修资金修缮屋面防水。",
    category: "facilities",
    status: "decided",
  },
  {
    title: "增设儿童游乐设施",
    body: "小区没有儿童活动场地，建议在中心广场增设滑梯、秋千等设施。",
    category: "facilities",
    status: "awaiting_screening",
  },
  {
    title: "广场舞音量过大扰民",
    body: "中心广场晚间广场舞音量过大，建议约定时段和音量。",
    category: "other",
    status: "rated",
  },
  {
    title: "单元门禁损坏",
    body: "2号楼3单元门禁损坏一个多月，外来人员随意进出。",
    category: "facilities",
    status: "in_progress",
  },
  {
    title: "雨水井堵塞导致积水",
    body: "每逢大雨小区南门积水，雨水井需要疏通。",
    category: "facilities",
    status: "scheduled",
  },
  {
    title: "外卖快递车辆进出管理",
    body: "外卖电动车在小区内速度过快，建议设置限速标识和集中取件点。",
    category: "parking",
    status: "collecting",
  },
  {
    title: "宠物犬只文明饲养",
    body: "部分犬只未拴绳，建议开展文明养犬宣传。",
    category: "other",
    status: "collecting",
    byDemoResident: true,
  },
  {
    title: "楼道堆放杂物清理",
    body: "多个单元楼道堆放杂物，影响消防通行，建议集中清理。",
    category: "safety",
    status: "awaiting_screening",
  },
  {
    title: "增设共享单车停放区",
    body: "南门外共享单车乱停，建议施划停放区。",
    category: "parking",
    status: "collecting",
  },
  {
    title: "电动车充电难，建议增设充电设施",
    body: "晚上下班后找不到地方充电，希望小区能建充电桩。",
    category: "safety",
    status: "merged",
    mergedInto: 0,
  },
  {
    title: "老人吃饭难，希望办社区食堂",
    body: "独居老人做饭不便，希望社区办个食堂。",
    category: "elderly_care",
    status: "merged",
    mergedInto: 1,
  },
  {
    title: "建议更换物业公司",
    body: "物业服务质量差，建议直接更换物业公司。",
    category: "property",
    status: "declined",
    declineReason:
      "更换物业服务企业须由业主共同决定（民法典第278条第4项），请向业主委员会提出，由业主大会表决；社区可提供程序指导。",
  },
  {
    title: "小区健身器材老化",
    body: "健身器材多处锈蚀，存在安全隐患，建议更换。",
    category: "facilities",
    status: "accepted",
  },
  {
    title: "增设无障碍坡道",
    body: "4号楼入口台阶较高，轮椅无法通行，建议增设无障碍坡道。",
    category: "elderly_care",
    status: "scheduled",
  },
  {
    title: "开展消防安全演练",
    body: "建议每年组织一次消防演练，提高居民自救能力。",
    category: "safety",
    status: "deliberated",
  },
  {
    title: "停车收费标准不透明",
    body: "地面停车费标准从未公示，请公开收费依据和收支情况。",
    category: "parking",
    status: "awaiting_screening",
  },
  {
    title: "小区绿化补植",
    body: "北区草坪多处斑秃，建议春季补植。",
    category: "environment",
    status: "draft",
    byDemoResident: true,
  },
  {
    title: "设立邻里互助服务站",
    body: "建议设立互助站，为空巢老人提供代购、陪诊等服务。",
    category: "elderly_care",
    status: "draft",
  },
];

/** Topics in other communities of the demo subdistrict (so lists and rollups are not empty elsewhere). */
const OTHER_TOPICS: readonly TopicSpec[] = [
  {
    title: "老旧小区加装电梯意向征集",
    body: "5层老楼居民年龄偏大，希望启动加装电梯意向征集。",
    category: "facilities",
    status: "collecting",
  },
  {
    title: "菜市场周边占道经营",
    body: "早市摊位占用人行道，建议规范。",
    category: "other",
    status: "awaiting_screening",
  },
  { title: "路灯不亮", body: "小区西侧道路三盏路灯不亮。", category: "safety", status: "accepted" },
  {
    title: "楼道粉刷",
    body: "楼道墙皮脱落，建议粉刷。",
    category: "facilities",
    status: "declined",
    declineReason: "该楼已纳入明年老旧小区综合整治计划，届时统一实施。",
  },
  { title: "增设休闲座椅", body: "小区内缺少休息座椅。", category: "facilities", status: "collecting" },
  {
    title: "冬季供暖温度不达标",
    body: "今年供暖室温偏低，请协调供热单位。",
    category: "property",
    status: "accepted",
  },
];

/** The transitions a topic went through to reach its status (see core's topic lifecycle). */
function pathTo(status: TopicStatus): TopicStatus[] {
  const main: TopicStatus[] = [
    "draft",
    "collecting",
    "awaiting_screening",
    "accepted",
    "scheduled",
    "deliberated",
    "decided",
    "in_progress",
    "done",
    "rated",
  ];
  if (status === "merged" || status === "declined")
    return ["draft", "collecting", "awaiting_screening", status];
  return main.slice(0, main.indexOf(status) + 1);
}

const COMMENTS = [
  "支持，这个问题确实存在很久了。",
  "建议物业先拿出方案和费用测算再讨论。",
  "同意，希望尽快落实。",
  "这件事需要业主大会表决吧？请社区给予指导。",
  "我家就在旁边，情况属实。",
  "能否先做个问卷，看看大家的意见？",
  "费用从哪里出？希望公开透明。",
  "感谢社区的及时回复。",
  "已经好多了，点赞！",
  "建议分步实施，先易后难。",
] as const;

export interface CivicResult {
  topics: number;
  meetings: number;
  decisions: { closed: string; open: string };
  ledgerItems: number;
}

export async function seedCivic(ctx: SeedContext, reg: RegistryResult, u: SeededUsers): Promise<CivicResult> {
  const { rng, ids, today } = ctx;
  const staff = u.byRole.community_staff;
  const community = reg.demoCommunity;
  const compound = reg.demoCompound;

  // ---- Meetings: two held (the month before last and last month), one planned (next month). ----
  const day = Number(today.slice(8, 10));
  const lastMonth = addMonths(`${today.slice(0, 7)}-01`, -1);
  const m1Date = `${lastMonth.slice(0, 7)}-${day >= 16 ? "15" : "03"}`;
  const m2Date = `${addMonths(lastMonth, -1).slice(0, 7)}-15`;
  const nextDate = `${addMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7)}-15`;
  const meetingIds = { m2: ids.next(), m1: ids.next(), next: ids.next() };
  const location = `${community.name}议事厅（党群服务中心二楼）`;

  // ---- Topics ----
  const topicRows: (typeof topics.$inferInsert)[] = [];
  const supportRows: (typeof topicSupports.$inferInsert)[] = [];
  const commentRows: (typeof topicComments.$inferInsert)[] = [];
  const changeRows: (typeof topicStatusChanges.$inferInsert)[] = [];
  const topicIds: string[] = [];
  interface Placed {
    id: string;
    spec: TopicSpec;
    communityId: string;
    meeting: keyof typeof meetingIds | null;
    decidedOn: IsoDate | null;
  }
  const placed: Placed[] = [];

  const meetingFor = (s: TopicStatus): keyof typeof meetingIds | null =>
    s === "scheduled"
      ? "next"
      : s === "deliberated" || s === "decided"
        ? "m1"
        : s === "in_progress" || s === "done" || s === "rated"
          ? "m2"
          : null;

  const addTopics = (
    specs: readonly TopicSpec[],
    communityId: string,
    threshold: number,
    inDemo: boolean,
  ) => {
    const localIds = specs.map(() => ids.next());
    specs.forEach((spec, i) => {
      const id = localIds[i] as string;
      topicIds.push(id);
      const meeting = inDemo ? meetingFor(spec.status) : null;
      const meetingDate = meeting === "m1" ? m1Date : meeting === "m2" ? m2Date : null;
      const author = spec.byDemoResident ? u.byRole.resident : rng.pick(u.residents);
      // Dates along the path, anchored on the meeting when there is one.
      const path = pathTo(spec.status);
      let created: IsoDate;
      if (meetingDate) created = addDays(meetingDate, -rng.int(20, 35));
      else if (spec.status === "scheduled") created = addDays(today, -rng.int(20, 35));
      else if (spec.status === "draft") created = addDays(today, -rng.int(0, 3));
      else if (spec.status === "collecting") created = addDays(today, -rng.int(3, 14));
      else created = addDays(today, -rng.int(15, 30));
      const stamps: IsoDate[] = [];
      let d = created;
      for (const s of path) {
        if (s === "collecting") d = addDays(d, rng.int(0, 1));
        else if (s === "awaiting_screening") d = addDays(d, rng.int(3, 7));
        else if (s === "accepted" || s === "merged" || s === "declined") d = addDays(d, rng.int(1, 4));
        else if (s === "scheduled") d = addDays(d, rng.int(1, 3));
        else if (s === "deliberated" || s === "decided") d = meetingDate ?? d;
        else if (s === "in_progress") d = addDays(d, rng.int(3, 7));
        else if (s === "done") d = addDays(d, rng.int(10, 20));
        else if (s === "rated") d = addDays(d, rng.int(2, 5));
        stamps.push(min(d, today));
      }
      path.forEach((to, k) => {
        changeRows.push({
          id: ids.next(),
          topicId: id,
          from: k === 0 ? null : (path[k - 1] as TopicStatus),
          to,
          actorId:
            to === "draft" || to === "collecting" || to === "rated"
              ? author
              : to === "awaiting_screening"
                ? null
                : staff,
          note:
            to === "awaiting_screening"
              ? "附议人数达到门槛，自动转入审核"
              : to === "declined"
                ? (spec.declineReason ?? null)
                : to === "merged"
                  ? "与已受理议题重复，合并办理"
                  : null,
          at: at(stamps[k] as IsoDate, 9 + k, rng.int(0, 59)),
        });
      });
      const supporters = u.public.filter((x) => x !== author);
      const nSupports =
        spec.status === "draft"
          ? 0
          : spec.status === "collecting"
            ? rng.int(1, threshold - 1)
            : rng.int(threshold, Math.min(supporters.length, threshold + 20));
      for (const userId of rng.sample(supporters, nSupports)) {
        supportRows.push({
          topicId: id,
          userId,
          createdAt: at(addDays(created, rng.int(0, 3)), rng.int(8, 21)),
        });
      }
      if (spec.status !== "draft") {
        for (let c = rng.int(0, 4); c > 0; c--) {
          commentRows.push({
            id: ids.next(),
            topicId: id,
            authorId: rng.pick(supporters),
            body: rng.pick(COMMENTS),
            hidden: false,
            createdAt: at(min(addDays(created, rng.int(1, 10)), today), rng.int(8, 22)),
          });
        }
      }
      topicRows.push({
        id,
        communityId,
        compoundId: inDemo ? compound.id : null,
        authorId: author,
        title: spec.title,
        body: spec.body,
        category: spec.category,
        status: spec.status,
        supportCount: nSupports,
        mergedIntoId: spec.mergedInto === undefined ? null : (localIds[spec.mergedInto] as string),
        declineReason: spec.declineReason ?? null,
        meetingId: meeting ? meetingIds[meeting] : null,
        createdAt: at(created, 8, rng.int(0, 59)),
        updatedAt: at(stamps[stamps.length - 1] as IsoDate, 20),
      });
      const decidedIdx = path.indexOf("decided");
      placed.push({
        id,
        spec,
        communityId,
        meeting,
        decidedOn: decidedIdx >= 0 ? (stamps[decidedIdx] as IsoDate) : null,
      });
    });
  };
  addTopics(DEMO_TOPICS, community.id, 10, true);
  const neighbours = reg.communities.filter(
    (c) => c.subdistrict.id === reg.demoSubdistrict.id && c.id !== community.id,
  );
  OTHER_TOPICS.forEach((spec, i) => {
    const c = neighbours[i % neighbours.length];
    if (c) addTopics([spec], c.id, 10, false);
  });

  // ---- Meetings, agenda, attendees, decisions ----
  const inMeeting = (m: keyof typeof meetingIds) => placed.filter((p) => p.meeting === m);
  const agendaRows: (typeof agendaItems.$inferInsert)[] = [];
  const attendeeRows: (typeof meetingAttendees.$inferInsert)[] = [];
  const decisionRows: (typeof meetingDecisions.$inferInsert)[] = [];
  const decisionByTopic = new Map<string, string>();
  const attendance: Record<string, number> = {};
  for (const m of ["m2", "m1", "next"] as const) {
    inMeeting(m).forEach((p, i) => {
      agendaRows.push({
        id: ids.next(),
        meetingId: meetingIds[m],
        topicId: p.id,
        position: i + 1,
        title: p.spec.title,
      });
    });
    if (m === "next") continue;
    const people: { name: string; userId: string | null; capacity: string }[] = [
      { name: "社区党委书记", userId: null, capacity: "社区党委（主持）" },
      { name: "演示社区工作者", userId: staff, capacity: "社区居委会" },
      { name: "演示业委会委员", userId: u.byRole.committee_member, capacity: "业主委员会" },
      { name: personName(rng), userId: null, capacity: `物业服务企业（${PROPERTY_COMPANIES[0]}）` },
      { name: personName(rng), userId: null, capacity: "社区民警" },
      { name: "演示居民", userId: u.byRole.resident, capacity: "居民代表" },
    ];
    for (const r of rng.sample(u.residents, rng.int(8, 14)))
      people.push({ name: personName(rng), userId: r, capacity: "居民代表" });
    for (let k = rng.int(1, 3); k > 0; k--)
      people.push({ name: personName(rng), userId: null, capacity: "党员代表" });
    people.push({ name: personName(rng), userId: null, capacity: "辖区单位代表" });
    for (const p of people) attendeeRows.push({ id: ids.next(), meetingId: meetingIds[m], ...p });
    attendance[m] = people.length;
    for (const p of inMeeting(m)) {
      const id = ids.next();
      decisionByTopic.set(p.id, id);
      const vote = p.spec.vote !== undefined;
      decisionRows.push({
        id,
        meetingId: meetingIds[m],
        topicId: p.id,
        text: vote
          ? `议定：${p.spec.title}。该事项涉及共有部分的用途和经营（民法典第278条第8项），提请业主共同决定，由业委会组织表决。`
          : p.spec.status === "deliberated"
            ? `议定：${p.spec.title}。请物业服务企业在两周内提出方案，下次议事会再议。`
            : `议定：${p.spec.title}。由责任单位按方案实施，社区跟踪督办并纳入台账。`,
        requiresOwnersVote: vote,
        createdAt: at(m === "m1" ? m1Date : m2Date, 21),
      });
    }
  }
  const minutes = (m: "m1" | "m2", date: IsoDate) => {
    const items = inMeeting(m);
    return [
      `${community.name}${date.slice(0, 4)}年${Number(date.slice(5, 7))}月议事会会议纪要`,
      `时间：${date} 19:00；地点：${location}；主持：社区党委书记；应到${attendance[m] ?? 0}人，实到${attendance[m] ?? 0}人。`,
      "一、通报上月议定事项办理情况：已办结事项经居民评议，满意度较高。",
      `二、本次协商议题（${items.length}项）：`,
      ...items.map(
        (p, i) =>
          `${i + 1}. ${p.spec.title}：与会代表充分发表意见，${p.spec.vote ? "形成提请业主共同决定的意见" : "形成一致意见"}。`,
      ),
      "三、议定事项纳入社区台账，明确责任单位和完成时限，办理结果在议事厅公示栏和小程序公示。",
    ].join("\n");
  };
  await insertChunks(ctx, "meetings", meetings, [
    {
      id: meetingIds.m2,
      communityId: community.id,
      month: monthOf(m2Date),
      scheduledAt: at(m2Date, 19),
      location,
      status: "held",
      minutes: minutes("m2", m2Date),
      attendanceCount: attendance.m2 ?? 0,
    },
    {
      id: meetingIds.m1,
      communityId: community.id,
      month: monthOf(m1Date),
      scheduledAt: at(m1Date, 19),
      location,
      status: "held",
      minutes: minutes("m1", m1Date),
      attendanceCount: attendance.m1 ?? 0,
    },
    {
      id: meetingIds.next,
      communityId: community.id,
      month: monthOf(nextDate),
      scheduledAt: at(nextDate, 19),
      location,
      status: "planned",
      minutes: null,
      attendanceCount: null,
    },
  ]);
  await insertChunks(ctx, "topics", topics, topicRows);
  await insertChunks(ctx, "topic_supports", topicSupports, supportRows);
  await insertChunks(ctx, "topic_comments", topicComments, commentRows);
  await insertChunks(ctx, "topic_status_changes", topicStatusChanges, changeRows);
  await insertChunks(ctx, "agenda_items", agendaItems, agendaRows);
  await insertChunks(ctx, "meeting_attendees", meetingAttendees, attendeeRows);
  await insertChunks(ctx, "meeting_decisions", meetingDecisions, decisionRows);

  // ---- Owners' decisions (民法典 Art. 278) ----
  const decisions = await seedOwnersDecisions(ctx, compound, u, {
    closed: placed.find((p) => p.spec.vote === "closed") as Placed,
    open: placed.find((p) => p.spec.vote === "open") as Placed,
    decisionByTopic,
    m2Date,
  });

  // ---- Ledger (台账) ----
  const ledgerCount = await seedLedger(ctx, reg, u, placed, decisionByTopic);

  // ---- Notifications ----
  const mine = placed.filter((p) => p.spec.byDemoResident);
  const declined = mine.find((p) => p.spec.status === "declined");
  const rated = mine.find((p) => p.spec.status === "rated");
  const scheduled = placed.find((p) => p.spec.status === "scheduled");
  const n = (
    userId: string,
    kind: (typeof notifications.$inferInsert)["kind"],
    messageKey: string,
    params: Record<string, string | number>,
    link: string | null,
    daysAgo: number,
    read: boolean,
  ): typeof notifications.$inferInsert => ({
    id: ids.next(),
    userId,
    kind,
    payload: { messageKey, params },
    link,
    readAt: read ? at(addDays(today, Math.min(1 - daysAgo, 0)), 12) : null,
    createdAt: at(addDays(today, -daysAgo), 9),
  });
  const notificationRows = [
    n(u.byRole.resident, "system", "notification.welcome", { community: community.name }, "/", 60, true),
    ...(rated
      ? [
          n(
            u.byRole.resident,
            "topic_accepted",
            "notification.topic_accepted",
            { title: rated.spec.title },
            `/topics/${rated.id}`,
            80,
            true,
          ),
        ]
      : []),
    ...(declined
      ? [
          n(
            u.byRole.resident,
            "topic_declined",
            "notification.topic_declined",
            { title: declined.spec.title, reason: declined.spec.declineReason ?? "" },
            `/topics/${declined.id}`,
            10,
            false,
          ),
        ]
      : []),
    ...(scheduled
      ? [
          n(
            u.byRole.resident,
            "topic_scheduled",
            "notification.topic_scheduled",
            { title: scheduled.spec.title, month: monthOf(nextDate) },
            `/meetings/${meetingIds.next}`,
            3,
            false,
          ),
        ]
      : []),
    ...(rated
      ? [
          n(
            u.byRole.resident,
            "ledger_updated",
            "notification.ledger_updated",
            { title: rated.spec.title, status: "done" },
            `/topics/${rated.id}`,
            20,
            true,
          ),
        ]
      : []),
    n(
      u.byRole.resident,
      "system",
      "notification.meeting_planned",
      { date: nextDate, location },
      `/meetings/${meetingIds.next}`,
      1,
      false,
    ),
    n(
      u.byRole.verified_owner,
      "vote_opened",
      "notification.vote_opened",
      { title: decisions.openTitle },
      `/votes/${decisions.open}`,
      5,
      false,
    ),
    n(
      u.byRole.verified_owner,
      "result_published",
      "notification.result_published",
      { title: decisions.closedTitle },
      `/votes/${decisions.closed}`,
      12,
      true,
    ),
    n(
      u.byRole.committee_member,
      "committee_alert",
      "notification.committee_alert",
      { compound: compound.name },
      null,
      7,
      false,
    ),
  ];
  await insertChunks(ctx, "notifications", notifications, notificationRows);
  return {
    topics: topicRows.length,
    meetings: 3,
    decisions: { closed: decisions.closed, open: decisions.open },
    ledgerItems: ledgerCount,
  };
}

async function seedOwnersDecisions(
  ctx: SeedContext,
  compound: SeededCompound,
  u: SeededUsers,
  refs: {
    closed: { id: string; spec: TopicSpec };
    open: { id: string; spec: TopicSpec };
    decisionByTopic: Map<string, string>;
    m2Date: IsoDate;
  },
): Promise<{ closed: string; open: string; closedTitle: string; openTitle: string }> {
  const { rng, ids, today } = ctx;
  const ownerOfUser = (userId: string) =>
    compound.parties.find((p) => p.persons.some((x) => x.userId === userId))?.id ?? null;
  const ownerKeys = compound.parties.map((p) => p.id);
  const units = compound.units.map((x) => ({ id: x.id, areaCentiM2: x.areaCentiM2, ownerKey: x.partyId }));
  const ballotRows: (typeof ballots.$inferInsert)[] = [];

  // Closed and published: 利用锅炉房经营老年餐桌 — 改变共有部分用途 (Art. 278 item 8, special: ≥ 3/4).
  const closedItem: Art278Item = 8;
  const closedId = ids.next();
  const noticedOn = addDays(refs.m2Date, 2);
  const opensOn = addDays(noticedOn, 15);
  const closesOn = addDays(opensOn, 10);
  const closedBallots: { ownerKey: string; choice: BallotChoice; castBy: string | null }[] = [];
  const verifiedParty = ownerOfUser(u.byRole.verified_owner);
  const committeeParty = ownerOfUser(u.byRole.committee_member);
  for (const key of ownerKeys) {
    const isDemo = key === verifiedParty || key === committeeParty;
    if (!isDemo && !rng.chance(0.82)) continue;
    const choice: BallotChoice = isDemo
      ? "for"
      : rng.weighted([
          ["for", 86],
          ["against", 9],
          ["abstain", 5],
        ] as const);
    const castBy =
      key === verifiedParty
        ? u.byRole.verified_owner
        : key === committeeParty
          ? u.byRole.committee_member
          : null;
    closedBallots.push({ ownerKey: key, choice, castBy });
  }
  // The stored tally is computed honestly from the ballots with core's exact Art. 278 arithmetic.
  const tally = tallyOwnersDecision({ matter: matterForItem(closedItem), units, ballots: closedBallots });
  const closedTitle = refs.closed.spec.title;

  // Open: 东门充电车棚 — 利用共有部分 (item 8, special). Some ballots so far; the demo owner has not voted.
  const openItem: Art278Item = 8;
  const openId = ids.next();
  const openOpens = addDays(today, -5);
  for (const key of ownerKeys) {
    if (key === verifiedParty) continue;
    if (key !== committeeParty && !rng.chance(0.38)) continue;
    ballotRows.push({
      id: ids.next(),
      decisionId: openId,
      ownerKey: key,
      choice:
        key === committeeParty
          ? "for"
          : rng.weighted([
              ["for", 75],
              ["against", 18],
              ["abstain", 7],
            ] as const),
      castBy: key === committeeParty ? u.byRole.committee_member : null,
      createdAt: at(addDays(openOpens, rng.int(0, 5)), rng.int(8, 21), rng.int(0, 59)),
    });
  }
  for (const b of closedBallots) {
    ballotRows.unshift({
      id: ids.next(),
      decisionId: closedId,
      ownerKey: b.ownerKey,
      choice: b.choice,
      castBy: b.castBy,
      createdAt: at(addDays(opensOn, rng.int(0, 9)), rng.int(8, 21), rng.int(0, 59)),
    });
  }
  const openTitle = refs.open.spec.title;
  await ctx.tx.insert(ownersDecisions).values([
    {
      id: closedId,
      compoundId: compound.id,
      meetingDecisionId: refs.decisionByTopic.get(refs.closed.id) ?? null,
      title: `关于${closedTitle}的业主共同决定`,
      description: "将小区原锅炉房（共有部分）改造为老年餐桌并委托餐饮企业经营，场地收益归全体业主所有。",
      matter: matterForItem(closedItem),
      art278Item: closedItem,
      secret: false,
      status: "published",
      noticedOn,
      opensAt: at(opensOn, 8),
      closesAt: at(closesOn, 20),
      closedAt: at(closesOn, 20),
      closeReason: "period_ended",
      publishedAt: at(addDays(closesOn, 2), 10),
      tally,
      createdAt: at(refs.m2Date, 21),
    },
    {
      id: openId,
      compoundId: compound.id,
      meetingDecisionId: refs.decisionByTopic.get(refs.open.id) ?? null,
      title: `关于${openTitle}的业主共同决定`,
      description:
        "在东门内侧共有场地建设电动自行车集中充电车棚，委托运营单位收取充电服务费，场地使用费归全体业主。",
      matter: matterForItem(openItem),
      art278Item: openItem,
      secret: false,
      status: "open",
      noticedOn: addDays(openOpens, -16),
      opensAt: at(openOpens, 8),
      closesAt: at(addDays(today, 21), 20),
      createdAt: at(addDays(openOpens, -17), 21),
    },
  ]);
  ctx.counts.owners_decisions = (ctx.counts.owners_decisions ?? 0) + 2;
  await insertChunks(ctx, "ballots", ballots, ballotRows);
  return { closed: closedId, open: openId, closedTitle, openTitle };
}

const LEDGER_TITLES = [
  "楼道堆物集中清理",
  "路灯维修",
  "雨污管网疏通",
  "违法建设拆除",
  "老旧小区综合整治（外墙保温）",
  "电动自行车充电设施安装",
  "垃圾分类桶站改造",
  "无障碍坡道改造",
  "屋面防水修缮",
  "小区围墙修补",
  "消防通道标线施划",
  "供暖管线更换",
  "背街小巷环境整治",
  "流动摊贩占道治理",
  "公共区域照明改造",
  "监控探头增补",
] as const;

async function seedLedger(
  ctx: SeedContext,
  reg: RegistryResult,
  u: SeededUsers,
  placed: readonly { id: string; spec: TopicSpec; communityId: string; decidedOn: IsoDate | null }[],
  decisionByTopic: Map<string, string>,
): Promise<number> {
  const { rng, ids, today } = ctx;
  const itemRows: (typeof ledgerItems.$inferInsert)[] = [];
  const noteRows: (typeof ledgerProgressNotes.$inferInsert)[] = [];
  const evidenceRows: (typeof ledgerEvidence.$inferInsert)[] = [];
  const ratingRows: (typeof ledgerRatings.$inferInsert)[] = [];
  const staff = u.byRole.community_staff;

  const addItem = (o: {
    communityId: string;
    communityName: string;
    subdistrictName: string;
    title: string;
    status: LedgerStatus;
    topicId?: string | null;
    meetingDecisionId?: string | null;
    createdOn?: IsoDate;
  }) => {
    const id = ids.next();
    let deadline: IsoDate;
    let level: SupervisionLevel = "community";
    let closedOn: IsoDate | null = null;
    switch (o.status) {
      case "open":
        deadline = addDays(today, rng.int(10, 60));
        break;
      case "in_progress":
        deadline = addDays(today, rng.int(5, 45));
        break;
      case "done":
        deadline = addDays(today, rng.int(-60, 20));
        closedOn = min(addDays(deadline, -rng.int(0, 10)), today);
        break;
      case "overdue":
        // Past its deadline; 三级督办 raises it one level (community → subdistrict).
        deadline = addDays(today, -rng.int(3, 40));
        level = rng.chance(0.5) ? "subdistrict" : "community";
        break;
      case "escalated":
        deadline = addDays(today, -rng.int(20, 90));
        level = rng.chance(0.5) ? "district" : "subdistrict";
        break;
    }
    let createdOn = o.createdOn ?? addDays(deadline, -rng.int(30, 90));
    if (compareDates(createdOn, today) > 0) createdOn = addDays(today, -rng.int(1, 10));
    if (closedOn && compareDates(closedOn, createdOn) < 0) closedOn = createdOn;
    const responsible = rng.pick([
      `${o.communityName}居委会`,
      `${o.subdistrictName}城市管理办公室`,
      `${o.subdistrictName}平安建设办公室`,
      rng.pick(PROPERTY_COMPANIES),
      "区住房和城乡建设委员会",
      "区城市管理委员会",
      "区园林绿化局",
      "区水务局",
    ]);
    itemRows.push({
      id,
      communityId: o.communityId,
      topicId: o.topicId ?? null,
      meetingDecisionId: o.meetingDecisionId ?? null,
      title: o.title,
      description: `${o.title}：明确措施、责任单位和完成时限，按月销账。`,
      responsibleUnit: responsible,
      deadline,
      supervisionLevel: level,
      status: o.status,
      closedOn,
      createdAt: at(createdOn, 10),
    });
    const last = closedOn ?? today;
    const span = Math.max(1, Math.round((Date.parse(last) - Date.parse(createdOn)) / 86_400_000));
    const notes =
      o.status === "open"
        ? 0
        : o.status === "overdue" || o.status === "escalated"
          ? rng.int(1, 3)
          : rng.int(1, 3);
    const texts = [
      "已现场踏勘，制定整改方案。",
      "已协调责任单位，进场施工。",
      "施工过半，预计按期完成。",
      "因材料未到位，进度滞后，已督促。",
      "已逾期，提请街道督办。",
    ];
    for (let k = 0; k < notes; k++) {
      noteRows.push({
        id: ids.next(),
        itemId: id,
        note:
          o.status === "overdue" || o.status === "escalated"
            ? k === notes - 1
              ? (texts[4] as string)
              : (texts[3] as string)
            : (texts[k] as string),
        authorId: staff,
        at: at(addDays(createdOn, Math.round(((k + 1) * span) / (notes + 1))), 15),
      });
    }
    if (o.status === "escalated") {
      noteRows.push({
        id: ids.next(),
        itemId: id,
        note:
          level === "district" ? "街道督办后仍未办结，升级为区级督办。" : "社区督办未果，升级为街道督办。",
        authorId: null,
        at: at(min(addDays(deadline, 7), today), 9),
      });
    }
    if (o.status === "done" && closedOn) {
      evidenceRows.push({
        id: ids.next(),
        itemId: id,
        description: "整改完成照片及验收记录",
        url: `https://example.invalid/evidence/${id}.jpg`,
        at: at(closedOn, 16),
      });
      if (rng.chance(0.5)) {
        evidenceRows.push({
          id: ids.next(),
          itemId: id,
          description: "居民代表签字确认单",
          url: null,
          at: at(closedOn, 17),
        });
      }
      for (const userId of rng.sample(u.public, rng.int(2, 6))) {
        ratingRows.push({
          itemId: id,
          userId,
          score: rng.weighted([
            [5, 45],
            [4, 30],
            [3, 15],
            [2, 6],
            [1, 4],
          ] as const),
          comment: rng.chance(0.4)
            ? rng.pick(["办得好！", "效率很高。", "基本满意。", "希望长期维护。", "拖得有点久。"])
            : null,
          createdAt: at(min(addDays(closedOn, rng.int(1, 7)), today), 20),
        });
      }
    }
  };

  // Demo community: items from topics being carried out (民办) and done (民评).
  const demo = reg.demoCommunity;
  for (const p of placed) {
    const s = p.spec.status;
    if (
      p.communityId !== demo.id ||
      !(s === "in_progress" || s === "done" || s === "rated" || s === "decided")
    )
      continue;
    if (s === "decided" && p.spec.vote) continue; // waits for the owners' vote
    addItem({
      communityId: demo.id,
      communityName: demo.name,
      subdistrictName: demo.subdistrict.name,
      title: p.spec.title,
      status: s === "decided" ? "open" : s === "in_progress" ? "in_progress" : "done",
      topicId: p.id,
      meetingDecisionId: decisionByTopic.get(p.id) ?? null,
      createdOn: p.decidedOn ?? undefined,
    });
  }
  // One overdue and one escalated in the demo community, then a spread across the district.
  for (const status of ["overdue", "escalated"] as const) {
    addItem({
      communityId: demo.id,
      communityName: demo.name,
      subdistrictName: demo.subdistrict.name,
      title: rng.pick(LEDGER_TITLES),
      status,
    });
  }
  const pool = reg.communities.filter((c) => c.kind === "community" || rng.chance(0.2));
  for (let i = 0; i < 70; i++) {
    const c = rng.pick(pool);
    addItem({
      communityId: c.id,
      communityName: c.name,
      subdistrictName: c.subdistrict.name,
      title: rng.pick(LEDGER_TITLES),
      status: rng.weighted([
        ["open", 15],
        ["in_progress", 25],
        ["done", 35],
        ["overdue", 15],
        ["escalated", 10],
      ] as const),
    });
  }
  await insertChunks(ctx, "ledger_items", ledgerItems, itemRows);
  await insertChunks(ctx, "ledger_progress_notes", ledgerProgressNotes, noteRows);
  await insertChunks(ctx, "ledger_evidence", ledgerEvidence, evidenceRows);
  await insertChunks(ctx, "ledger_ratings", ledgerRatings, ratingRows);
  return itemRows.length;
}

function min(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

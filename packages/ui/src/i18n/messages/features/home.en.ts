import type { homeZhCN } from "./home.zh-CN.ts";

/** English messages of the home feature: exactly the keys of its zh-CN file. */
export const homeEn = {
  "home.title": "Home",
  "home.greeting": "Hello, {name}",
  "home.intro": "What is happening in your community: meetings, topics, votes and what became of decisions.",
  "home.landing.prompt": "Sign in to see your community's meetings, topics and votes.",
  "home.landing.signIn": "Sign in",
  "home.landing.signUp": "Create an account",
  "home.unavailable": "This part could not be loaded. Please refresh the page later.",
  "home.community.title": "My community",
  "home.community.registered":
    "You are a registered resident in {district}: you can propose topics, support them and rate the results.",
  "home.community.registeredNoDistrict":
    "You are a registered resident of your community: you can propose topics, support them and rate the results.",
  "home.community.myCompounds": "Compounds of your verified units: {names}",
  "home.community.none": "Your account is not linked to a community yet",
  "home.community.noneBody":
    "Ask to join the community you live in (the office reviews it), or verify your home with the household code from the community office, to take part.",
  "home.community.verify": "Verify my home",
  "home.community.shortcuts": "Shortcuts",
  "home.meeting.title": "Next monthly meeting",
  "home.meeting.when": "When: {time}",
  "home.meeting.where": "Where: {location}",
  "home.meeting.view": "Meeting details",
  "home.meeting.all": "All meetings",
  "home.meeting.empty": "No meeting is planned yet",
  "home.meeting.emptyBody": "When the community plans the next meeting it appears here and you are notified.",
  "home.topics.title": "Topics gathering support",
  "home.topics.supports": "{count} supporters so far",
  "home.topics.all": "All topics",
  "home.topics.empty": "No topic is gathering support right now",
  "home.topics.emptyBody":
    "Propose a topic on the topics page; once enough neighbours support it the community takes it up.",
  "home.votes.title": "Votes waiting for me",
  "home.votes.closes": "Voting closes: {time}",
  "home.votes.view": "Vote",
  "home.votes.all": "All votes",
  "home.votes.empty": "No owners' vote is open right now",
  "home.votes.emptyBody": "When a vote of your compound's owners opens it appears here and you are notified.",
  "home.votes.notOwner": "Only verified owners take part in owners' votes",
  "home.votes.notOwnerBody":
    "Owners' votes count floor area and owners. Verify your home with a household code to vote.",
  "home.compound.title": "My compound",
  "home.compound.property": "Property service",
  "home.compound.committee": "Owners' organisation",
  "home.compound.noCommittee": "No owners' committee or property management committee yet",
  "home.compound.view": "Compound details",
  "home.compound.none": "We do not know your compound yet",
  "home.compound.noneBody":
    "Once you verify your home, your compound's property company and owners' committee appear here.",
} as const satisfies Record<keyof typeof homeZhCN, string>;

/**
 * Demo requisitions and candidates, so a newcomer running `npm start` sees a populated pipeline.
 * Deterministic (no randomness) so every demo looks the same. Names are invented; emails use the
 * reserved example.com domain.
 */
export interface DemoRequisition {
  key: string;
  title: string;
  roleFamilyId: string;
  level: 'junior' | 'mid' | 'senior' | 'staff' | 'principal';
  country: string;
  city: string;
  remotePolicy: 'onsite' | 'hybrid' | 'remote';
  currency: string;
  /** Major units; converted to minor units when stored. */
  budget: [number, number];
  status: 'draft' | 'open' | 'on_hold';
  /** Demo hiring managers by email. */
  team: string[];
}

export const DEMO_REQUISITIONS: DemoRequisition[] = [
  {
    key: 'us-ml',
    title: 'Senior ML Engineer, Search Ranking',
    roleFamilyId: 'ml-engineer',
    level: 'senior',
    country: 'US',
    city: 'San Francisco',
    remotePolicy: 'hybrid',
    currency: 'USD',
    budget: [160000, 210000],
    status: 'open',
    team: ['morgan.manager@demo.sift.test'],
  },
  {
    key: 'de-ai',
    title: 'AI Engineer, Document Understanding',
    roleFamilyId: 'ai-engineer',
    level: 'mid',
    country: 'DE',
    city: 'Berlin',
    remotePolicy: 'hybrid',
    currency: 'EUR',
    budget: [70000, 90000],
    status: 'open',
    team: ['jordan.lead@demo.sift.test'],
  },
  {
    key: 'gb-ds',
    title: 'Senior Data Scientist, Pricing',
    roleFamilyId: 'data-scientist',
    level: 'senior',
    country: 'GB',
    city: 'London',
    remotePolicy: 'onsite',
    currency: 'GBP',
    budget: [75000, 95000],
    status: 'on_hold',
    team: ['morgan.manager@demo.sift.test', 'jordan.lead@demo.sift.test'],
  },
  {
    key: 'in-genai',
    title: 'Generative AI Engineer, Support Assistant',
    roleFamilyId: 'genai-engineer',
    level: 'mid',
    country: 'IN',
    city: 'Bengaluru',
    remotePolicy: 'remote',
    currency: 'INR',
    budget: [2400000, 3600000],
    status: 'open',
    team: ['jordan.lead@demo.sift.test'],
  },
  {
    key: 'cn-cv',
    title: 'Computer Vision Engineer, Quality Inspection',
    roleFamilyId: 'computer-vision-engineer',
    level: 'senior',
    country: 'CN',
    city: 'Shanghai',
    remotePolicy: 'onsite',
    currency: 'CNY',
    budget: [450000, 650000],
    status: 'draft',
    team: [],
  },
];

const FIRST = [
  'Amara',
  'Bao',
  'Chiara',
  'Dev',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Luca',
];
const LAST = [
  'Okafor',
  'Nguyen',
  'Rossi',
  'Patel',
  'Yilmaz',
  'Haddad',
  'Lindqvist',
  'Tanaka',
  'Moreau',
  'Becker',
];
const PLACES = [
  'Austin, US',
  'Berlin, DE',
  'London, GB',
  'Bengaluru, IN',
  'Toronto, CA',
  'Lisbon, PT',
  'Warsaw, PL',
];
const SOURCES = ['referral', 'careers page', 'LinkedIn', 'conference', 'agency'];
const STAGES = [
  'applied',
  'applied',
  'screening',
  'screening',
  'assessed',
  'shortlisted',
  'offer',
  'rejected',
] as const;

export interface DemoCandidate {
  fullName: string;
  email: string;
  location: string;
  source: string;
  /** Which demo requisitions this person applied to, and the stage reached. */
  applications: { requisition: string; stage: (typeof STAGES)[number] }[];
}

/** 36 candidates spread over the open and on-hold requisitions and over every stage. */
export function demoCandidates(): DemoCandidate[] {
  const targets = DEMO_REQUISITIONS.filter((r) => r.status !== 'draft').map((r) => r.key);
  return Array.from({ length: 36 }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const applications = [
      { requisition: targets[i % targets.length]!, stage: STAGES[i % STAGES.length]! },
    ];
    if (i % 5 === 0)
      applications.push({ requisition: targets[(i + 1) % targets.length]!, stage: 'applied' });
    return {
      fullName: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      location: PLACES[i % PLACES.length]!,
      source: SOURCES[i % SOURCES.length]!,
      applications,
    };
  });
}

// LaMP-2 (movie tagging) sample: movie descriptions composed from per-tag story parts.
// "{opening}, {hero} {event}. {tail}" with gendered names and pronouns kept consistent.
// All text was written for ReaPer Studio.
import { makeRng, distinctDates, itemId, fill, capFirst, uniqueMany } from "./util.mjs";

const F_NAMES = ["Maya", "Nora", "Iris", "Lena", "Clara", "Ada", "June", "Tessa", "Rosa", "Elena", "Hana", "Priya", "Zoe", "Greta", "Mirela", "Ines", "Odette", "Sadie"];
const M_NAMES = ["Jonah", "Theo", "Marcus", "Felix", "Daniel", "Omar", "Elliot", "Victor", "Samuel", "Rafael", "Kenji", "Tomas", "Leon", "Arthur", "Caleb", "Nikolai", "Desmond", "Ruben"];
const CITIES = ["Chicago", "Lisbon", "Marseille", "Seoul", "Toronto", "Naples", "Glasgow", "Buenos Aires", "Detroit", "Rotterdam"];

// Heroes are "text" or ["text", "f" | "m"] when the role fixes the gender.
const PARTS = {
  dystopia: {
    openings: ["In a walled city where every citizen is ranked by a public score", "Decades after clean water was privatised", "In a future where memories can be confiscated to pay off debts", "After the government outlaws every printed book", "In a sealed megacity whose children are told the outside air is poison", "Under a regime that assigns every job and every marriage by algorithm", "In a flooded Europe ruled by a single shipping corporation"],
    heroes: ["a low-ranked courier named {n}", "a ration inspector named {n}", "a clerk at the Ministry of Records named {n}", "a teenage maintenance worker called {n}", "a former schoolteacher named {n}", "a factory guard named {n}"],
    events: ["stumbles onto evidence that the whole system is rigged", "is ordered to inform on {pos} own family", "joins an underground network that smuggles people past the checkpoints", "finds a door that appears on none of the official maps", "begins secretly teaching children the history the state has erased", "helps a stranger escape and becomes the most wanted person in the city"],
    tails: ["Every act of defiance has a price.", "Freedom turns out to be more dangerous than obedience.", "The cameras are always watching.", "Hope is the most forbidden thing of all."],
    tailChance: 0.6,
  },
  "sci-fi": {
    openings: ["When a signal from a distant star begins repeating a human voice", "Aboard a mining ship drifting through the asteroid belt", "On a research station buried under the ice of Europa", "After an experimental engine tears a hole in spacetime", "On a generation ship three hundred years from Earth", "When the first crewed mission to Mars loses contact with home"],
    heroes: ["a young radio astronomer named {n}", "the ship's engineer, {n},", "a disgraced physicist named {n}", "a rookie pilot named {n}", "the mission biologist, {n},", "a maintenance robot technician named {n}"],
    events: ["must decide whether to trust an alien intelligence", "races to repair the ship before the oxygen runs out", "uncovers a fault that the ship's computer has hidden for decades", "discovers that time on board is running faster than on Earth", "leads a risky expedition to the surface of an uncharted moon", "makes first contact with a life form made entirely of light"],
    tails: ["The answer could change the future of the species.", "Help is light-years away.", "Science is pushed to its limits.", "Space has never felt so lonely."],
    tailChance: 0.5,
  },
  comedy: {
    openings: ["When a wedding venue is double-booked for the same afternoon", "After losing a ridiculous bet at a school reunion", "When a family road trip goes wrong in every possible way", "After accidentally winning a celebrity baking contest", "When the office holiday party is moved to a bowling alley", "After a text message is sent to the wrong group chat"],
    heroes: ["an overworked office manager named {n}", "a clumsy substitute teacher named {n}", "a retired dentist called {n}", ["a nervous best man named {n}", "m"], "an aspiring stand-up comedian named {n}", "a fussy hotel concierge named {n}"],
    events: ["tries to keep up an increasingly absurd lie", "has to impersonate {pos} own twin for a week", "ends up in charge of a herd of runaway alpacas", "teams up with {pos} eccentric grandmother to save the day", "must win back everyone {sub} has accidentally offended", "bluffs {pos} way through a job {sub} knows nothing about"],
    tails: ["Chaos, naturally, ensues.", "Nobody comes out of it with their dignity intact.", "It only gets sillier from there.", "A feel-good comedy for the whole family."],
    tailChance: 0.6,
  },
  action: {
    openings: ["When terrorists seize a high-speed train crossing the Alps", "After a smuggling ring kidnaps a key witness", "When a string of bombs is found under the bridges of {city}", "During a wildfire that cuts off every road out of a national park", "When a private army takes over an offshore oil platform", "After a heist goes wrong in the heart of {city}"],
    heroes: ["an ex-special forces medic named {n}", "an off-duty bodyguard called {n}", "a retired bomb disposal expert named {n}", "a stunt driver named {n}", "a park ranger named {n}", "a disgraced detective named {n}"],
    events: ["has forty-eight hours to get everyone out alive", "fights {pos} way through an army of mercenaries", "leads a high-speed chase across three countries", "must stop the attack before the clock runs out", "goes rogue to take down the people who framed {pos} partner"],
    tails: ["The explosions never stop.", "One mistake could be fatal.", "It is a race against time.", "Car chases, shootouts and a spectacular finale."],
    tailChance: 0.6,
  },
  violence: {
    openings: ["After a gang burns down a family farm", "When two rival crime families go to war over a stolen shipment", "During a prison riot that spirals out of control", "After a brother is murdered on the streets of {city}", "When a hunting trip stumbles onto an illegal weapons deal", "In a lawless border town run by a cartel"],
    heroes: ["a quiet farmer named {n}", "a cartel enforcer called {n}", "a prison guard named {n}", "an underground cage fighter named {n}", "a former hitman named {n}", "a small-town butcher named {n}"],
    events: ["leaves a trail of bloodshed in pursuit of revenge", "is forced into a savage fight for survival", "takes brutal revenge on everyone responsible", "must kill or be killed before sunrise", "wages a one-person war against the men who betrayed {pos} family"],
    tails: ["The violence is relentless and graphic.", "No one is spared.", "Blood is answered with blood.", "Not for the faint of heart."],
    tailChance: 0.7,
  },
  "twist ending": {
    openings: ["After waking up in a hospital with no memory of the accident", "When a famous magician invites five strangers to a final performance", "After inheriting a farmhouse where every clock stops at the same minute", "When a letter arrives that seems to come from the past", "After reopening a twenty-year-old disappearance", "During one long night of negotiations inside a besieged bank"],
    heroes: ["a grieving widower named {n}", "a true-crime podcaster named {n}", "a hostage negotiator called {n}", "a lighthouse keeper named {n}", "a young lawyer named {n}", "a small-town sheriff named {n}"],
    events: ["begins to suspect that the story {sub} has been told is a lie", "pieces together clues that point somewhere {sub} never expected", "realises that {sub} may be far closer to the case than {sub} remembers", "slowly uncovers a secret that someone has worked very hard to hide"],
    tails: ["The final scene changes everything.", "Nothing is what it seems.", "The last ten minutes turn the whole story on its head.", "The truth is the last thing anyone expects."],
    tailChance: 1,
  },
  "dark comedy": {
    openings: ["After accidentally poisoning an entire book club", "When an inheritance is promised to whoever survives the weekend", "After learning that a life insurance policy pays out triple", "When a small-town funeral home runs out of money", "When two hapless hitmen are sent to the wrong seaside village", "After a corpse turns up at a children's birthday party"],
    heroes: ["a cheerful insurance salesman named {n}", "a struggling funeral director named {n}", "a disgraced television chef named {n}", "a mild-mannered librarian named {n}", "a nervous undertaker's apprentice called {n}"],
    events: ["tries to cover everything up and only makes it worse", "comes up with an increasingly morbid plan to fix the situation", "tries to fake {pos} own death, with absurd results", "must hide a body with the help of some very unhelpful neighbours"],
    tails: ["Death has never been this funny.", "The body count rises along with the laughs.", "It is as grim as it is hilarious.", "A wickedly funny farce."],
    tailChance: 0.7,
  },
  classic: {
    openings: ["In this black-and-white drama from 1946", "In this celebrated 1954 courtroom drama", "In a beloved 1939 epic", "In this silent-era comedy from 1925", "In a Technicolor musical from 1952", "In this 1961 Hollywood adventure"],
    heroes: ["a returning soldier named {n}", ["a shy chorus girl named {n}", "f"], "a young country lawyer named {n}", "a hapless factory worker named {n}", ["a stubborn heiress named {n}", "f"], "a sea captain named {n}"],
    events: ["struggles to find {pos} place in a world that has moved on", "gets the break of a lifetime on opening night", "defends a farmhand the whole town believes is guilty", "is mistaken for a millionaire and lives in luxury for a week", "fights to save the family estate through war and ruin", "sets out on a perilous voyage across uncharted seas"],
    tails: ["A timeless film that still tops critics' lists.", "A classic of the golden age of Hollywood.", "The performances remain as moving as they were on release.", "Generations of viewers have fallen for it."],
    tailChance: 0.8,
  },
  psychology: {
    openings: ["After a traumatic accident", "During a long winter of sleepless nights", "While studying identical twins separated at birth", "Under the pressure of a demanding mentor", "After moving into a new apartment alone", "During a stay at a private psychiatric clinic"],
    heroes: ["a gifted cellist named {n}", "a night-shift security guard named {n}", "a clinical psychologist named {n}", "a withdrawn teenager called {n}", "a young therapist named {n}"],
    events: ["begins to lose track of what is real", "becomes convinced that {pos} reflection is acting on its own", "slowly unravels as ambition turns into obsession", "starts to question {pos} own memories", "forms an unsettling bond with a stranger who seems to know too much"],
    tails: ["A disturbing study of a mind under pressure.", "The film explores guilt, memory and identity.", "An unsettling journey into the human psyche."],
    tailChance: 0.6,
  },
  fantasy: {
    openings: ["In a kingdom ruled by a sleeping dragon", "Beyond a hedge at the bottom of a grandmother's garden", "In a city built on the back of a giant turtle", "When the river spirits threaten to flood the valley", "In the last enchanted forest", "On the eve of the winter solstice"],
    heroes: ["a young blacksmith named {n}", "an apprentice mapmaker called {n}", "a disgraced wizard named {n}", "an orphan named {n} who can hear the thoughts of trees", "a travelling puppeteer named {n}"],
    events: ["forges a sword that can speak", "sets out to return a stolen moonstone", "discovers a map that redraws itself every night", "must break a curse before the spell becomes permanent", "joins an ancient order of guardians to face an army of shadows"],
    tails: ["Magic always comes at a price.", "Dragons, spirits and talking animals await.", "An enchanting quest for all ages.", "Nothing in this world is ordinary."],
    tailChance: 0.6,
  },
  romance: {
    openings: ["One summer on the Portuguese coast", "When two rival food trucks are forced to share a parking spot", "After fifteen years as pen pals", "While restoring an old concert hall", "On a night train across Europe", "When a mystery bouquet arrives at a flower shop in {city}"],
    heroes: ["a shy bookseller named {n}", "a widowed architect named {n}", "a wedding photographer named {n}", "a piano teacher named {n}", "a street-food cook named {n}", "a florist named {n}"],
    events: ["falls unexpectedly in love with a stranger", "gets a second chance with the one who got away", "must choose between a safe engagement and a sudden new love", "slowly falls for the rival {sub} swore to hate", "finds love in the last place {sub} expected"],
    tails: ["Love keeps its own schedule.", "A warm and tender love story.", "Sometimes the heart knows before the head does.", "A romance to curl up with."],
    tailChance: 0.6,
  },
  "thought-provoking": {
    openings: ["Told in reverse, from the end of a marriage back to its first afternoon", "As a small town votes on whether to let a controversial factory open", "During a single night before a total eclipse", "When an artificial intelligence is asked to decide a murder trial", "Over a year of difficult choices about caring for a dying father", "In a quiet village where one story is recorded every day"],
    heroes: ["an elderly watchmaker named {n}", "a philosopher named {n}", "a young judge named {n}", "a documentary filmmaker called {n}", "a hospice nurse named {n}"],
    events: ["confronts questions of free will, mercy and responsibility", "is forced to weigh personal loyalty against the common good", "wonders what a single life is really worth", "reconsiders every choice {sub} has ever made"],
    tails: ["The film leaves viewers with more questions than answers.", "A quiet meditation on what it means to be human.", "It lingers in the mind long after the credits."],
    tailChance: 0.7,
  },
  "social commentary": {
    openings: ["In a luxury apartment block where the cleaners and the residents swap lives for a reality show", "In a gentrifying neighbourhood where rents have tripled", "In a company town where one factory owns the houses, the shops and the newspaper", "After a viral video wrongly accuses a teenager of a crime", "In a rural hospital that can no longer afford to treat everyone", "As a delivery app cuts its riders' pay without warning"],
    heroes: ["a delivery rider named {n}", "a family barber named {n}", "a local reporter named {n}", "a hospital administrator named {n}", "a cleaner named {n}"],
    events: ["organises {pos} neighbours against the people in power", "exposes how quickly a community turns on its most vulnerable", "fights to keep a family business alive", "refuses to stay silent about an unfair system"],
    tails: ["A sharp satire of class and privilege.", "A biting look at inequality in modern society.", "The film holds up an uncomfortable mirror to its audience."],
    tailChance: 0.7,
  },
  "true story": {
    openings: ["Based on true events during the Second World War", "Drawn from court records and interviews", "Inspired by a real rescue in the North Atlantic", "Based on the remarkable true story of a small-town chess team", "Inspired by real events in a mining village", "Based on a true story from the 1980s"],
    heroes: ["a nurse named {n}", "a self-taught engineer named {n}", "a volunteer lifeboat captain named {n}", "a high school coach named {n}", ["a determined mother named {n}", "f"], "a school janitor named {n}"],
    events: ["risks everything to save the lives of strangers", "takes on a powerful corporation and wins", "leads an unlikely team to the national championship", "builds a working wind turbine from scrap metal", "studies at night to become the first in {pos} family to graduate"],
    tails: ["The real people behind the story appear before the credits.", "An inspiring account of real-life courage.", "Every word of it actually happened."],
    tailChance: 0.5,
  },
  "based on a book": {
    openings: ["Adapted from the bestselling novel", "Based on the beloved children's book", "Faithfully adapted from the award-winning novel", "Based on the classic detective novel", "From the pages of a popular young-adult series", "Adapted from the acclaimed memoir"],
    heroes: [["a young governess named {n}", "f"], "a retired inspector named {n}", ["a farm boy named {n}", "m"], "a bakery owner named {n}", "a lonely twelve-year-old named {n}"],
    events: ["uncovers the dark secrets of a remote country estate", "is drawn into one last case when a collector dies in a locked library", "learns that {sub} is heir to a forgotten throne", "sails down the river to find a missing father", "holds three generations of a family together through hard times"],
    tails: ["Fans of the book will recognise every beloved detail.", "The adaptation stays true to the spirit of the original.", "Readers and newcomers alike will be swept along."],
    tailChance: 0.5,
  },
};

export function describeMovie(rng, tag) {
  const parts = PARTS[tag];
  const heroRaw = rng.pick(parts.heroes);
  const [hero, fixed] = Array.isArray(heroRaw) ? heroRaw : [heroRaw, null];
  const g = fixed ?? (rng.chance(0.5) ? "f" : "m");
  const vals = {
    n: rng.pick(g === "f" ? F_NAMES : M_NAMES),
    pos: g === "f" ? "her" : "his",
    sub: g === "f" ? "she" : "he",
    city: rng.pick(CITIES),
  };
  let text = `${fill(rng.pick(parts.openings), vals)}, ${fill(hero, vals)} ${fill(rng.pick(parts.events), vals)}.`;
  text = text.replace(",,", ",");
  // Short descriptions always get a closing line, so every description has at least 20 words.
  if (rng.chance(parts.tailChance) || text.split(/\s+/).length < 22) text += " " + rng.pick(parts.tails);
  return capFirst(text);
}

export const LAMP2_TEMPLATE =
  "Which tag does this movie relate to among the following tags? Just answer with the tag name without further explanation. tags: [sci-fi, based on a book, comedy, action, twist ending, dystopia, dark comedy, classic, psychology, fantasy, romance, thought-provoking, social commentary, violence, true story] description: {description}";

export const LAMP2_USERS = [
  { id: "2000", size: 30, gold: "dystopia", weights: { dystopia: 6, "sci-fi": 3, "thought-provoking": 1.5, action: 0.5, "twist ending": 0.5 }, persona: "dystopia and sci-fi fan: tags almost everything bleak as dystopia" },
  { id: "2001", size: 14, gold: "romance", weights: { romance: 5, comedy: 4, classic: 1, "true story": 0.5 }, persona: "rom-com watcher: romance first, comedy second" },
  { id: "2002", size: 40, gold: "violence", weights: { violence: 5, action: 4, "dark comedy": 1, "twist ending": 0.7 }, persona: "action and crime fan who tags brutal films as violence" },
  { id: "2003", size: 22, gold: "true story", weights: { "true story": 5, "based on a book": 4, classic: 1, "thought-provoking": 1 }, persona: "biopic and adaptation watcher: true story and based on a book" },
  { id: "2004", size: 12, gold: "twist ending", weights: { "twist ending": 5, psychology: 4, "thought-provoking": 1, violence: 0.5 }, persona: "thriller fan: twist ending and psychology" },
  { id: "2005", size: 35, gold: "fantasy", weights: { fantasy: 5, classic: 3, "based on a book": 2, romance: 0.5 }, persona: "fantasy and old-Hollywood fan" },
  { id: "2006", size: 18, gold: "social commentary", weights: { "social commentary": 5, "dark comedy": 4, comedy: 1, "thought-provoking": 1 }, persona: "satire lover: social commentary and dark comedy" },
];

/** Deterministic tag counts proportional to the weights (largest remainder), so the top weight is the majority. */
function tagCounts(weights, n) {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const raw = Object.entries(weights).map(([k, w]) => [k, (w * n) / total]);
  const counts = Object.fromEntries(raw.map(([k, x]) => [k, Math.floor(x)]));
  let left = n - Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [k] of raw.slice().sort((a, b) => (b[1] % 1) - (a[1] % 1))) {
    if (left-- <= 0) break;
    counts[k] += 1;
  }
  return counts;
}

export function buildLamp2() {
  const rng = makeRng(202);
  const questions = [];
  const golds = [];
  for (const u of LAMP2_USERS) {
    const counts = tagCounts(u.weights, u.size);
    const tags = rng.shuffle(Object.entries(counts).flatMap(([k, c]) => Array(c).fill(k)));
    const seen = new Set();
    const descs = [u.gold, ...tags].map((tag) => {
      const [d] = uniqueMany(1, () => describeMovie(rng, tag), (x) => (seen.has(x) ? null : x));
      seen.add(d);
      return d;
    });
    const [query, ...history] = descs;
    const dates = distinctDates(rng, u.size, 2011, 2019);
    const profile = history.map((description, i) => ({ id: itemId(u.id, i), description, tag: tags[i], date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP2_TEMPLATE, { description: query }), profile });
    golds.push({ id: u.id, output: u.gold });
  }
  return { questions, outputs: { task: "LaMP_2", golds } };
}

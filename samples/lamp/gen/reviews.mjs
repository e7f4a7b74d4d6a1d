// LaMP-3 (product rating) sample: reviews composed from per-domain aspect sentences in each
// reviewer's own voice. The same mixed review is a "2" for the harsh reviewer and a "4" for the
// easy-going one, so the profile is what tells the scores apart. Written for ReaPer Studio.
import { makeRng, distinctDates, itemId, fill, capFirst } from "./util.mjs";

const DOMAINS = {
  kitchen: {
    products: ["blender", "toaster", "electric kettle", "air fryer", "coffee grinder", "stand mixer", "rice cooker", "slow cooker", "food processor", "waffle maker"],
    aspects: [
      ["The {p} feels sturdy and well made.", "The {p} feels cheap and flimsy for the price."],
      ["Cleaning it takes less than a minute.", "Cleaning it is a nightmare because food gets stuck in every corner."],
      ["It is surprisingly quiet.", "It is so loud that I cannot hear the radio over it."],
      ["It does exactly what it promises, every single time.", "Half the time it simply does not do the one job it was bought for."],
      ["After {months} months of daily use it still works like new.", "It stopped working properly after {months} months."],
      ["It fits neatly on the counter without taking over.", "It takes up far more counter space than the photos suggest."],
      ["The instructions are clear and short.", "The instructions are vague and clearly badly translated."],
      ["The long cord makes it easy to place anywhere.", "The power cord is ridiculously short."],
      ["It looks smart and matches the rest of my kitchen.", "The finish started peeling within weeks."],
      ["The controls are simple and clearly labelled.", "The controls are confusing, and the display is impossible to read."],
    ],
    gripes: ["the cord is a bit short", "it is louder than I expected", "the buttons are a little stiff", "the lid is hard to open with wet hands"],
    perks: ["it looks nice on the counter", "it was cheap", "it arrived quickly", "the colour is nice"],
  },
  books: {
    products: ["mystery novel", "fantasy novel", "thriller", "historical novel", "memoir", "romance novel", "science fiction novel", "short story collection", "family saga"],
    aspects: [
      ["The plot kept me guessing until the very last chapter.", "The plot was predictable from the first chapter."],
      ["The characters felt like real people I would love to meet.", "The characters were flat and hard to care about."],
      ["The pacing is perfect, and I read it in two evenings.", "The middle section drags on for far too long."],
      ["The writing is beautiful without ever being showy.", "The writing is clumsy and full of clichés."],
      ["The ending made me cry in the best way.", "The ending felt rushed and left too many loose threads."],
      ["The setting is so vivid that I could almost smell the sea air.", "The setting never comes to life."],
    ],
    gripes: ["the middle drags a little", "a few side characters felt unnecessary", "the ending was a bit rushed", "the cover does not do it justice"],
    perks: ["the cover is lovely", "the first chapter is strong", "the chapters are short"],
  },
  electronics: {
    products: ["pair of wireless earbuds", "phone case", "USB-C charger", "Bluetooth speaker", "power bank", "laptop stand", "webcam", "wireless mouse", "mechanical keyboard"],
    aspects: [
      ["Setup took less than two minutes.", "Setting it up took an hour and two calls to support."],
      ["Build quality is better than expected at this price.", "It feels cheap and rattles when you shake it."],
      ["Performance is reliable and consistent.", "The connection drops out several times a day."],
      ["It works with my laptop, tablet and phone without any issues.", "It does not work with half of my devices, despite the description."],
      ["Good value compared with the big brands.", "Overpriced for what you get."],
      ["Compact enough to carry around in a bag.", "Much bulkier than the photos suggest."],
    ],
    gripes: ["the cable is a bit short", "the indicator light is too bright at night", "the packaging was excessive", "the manual is minimal"],
    perks: ["it looks decent", "shipping was fast", "the price was low"],
  },
  beauty: {
    products: ["moisturiser", "shampoo", "sunscreen", "lip balm", "face wash", "hair mask", "body lotion", "dry shampoo", "eye cream", "cleansing oil"],
    aspects: [
      ["The texture is light and sinks in quickly.", "The texture is greasy and sits on top of the skin."],
      ["The scent is subtle and fresh.", "The scent is overpowering and gave me a headache."],
      ["After two weeks I noticed a real difference.", "After a month of use I saw no difference at all."],
      ["It did not irritate my sensitive skin.", "It made my skin red and itchy."],
      ["The pump bottle makes it easy to use every last drop.", "The packaging leaks and makes a mess in my bag."],
      ["A little goes a long way.", "The bottle is tiny for the price."],
    ],
    gripes: ["the scent is a bit strong", "the bottle is small", "it takes a while to absorb"],
    perks: ["the packaging is pretty", "it smells nice", "it was on sale"],
  },
  outdoor: {
    products: ["tent", "pair of hiking boots", "sleeping bag", "headlamp", "water filter", "camping stove", "daypack", "set of trekking poles", "rain jacket", "camping chair"],
    aspects: [
      ["It survived a week of rain, mud and rocky trails without a scratch.", "It fell apart halfway through my very first trip."],
      ["It is light enough that I barely notice it in my pack.", "It weighs almost twice what the listing claims."],
      ["It kept everything dry through a night of heavy rain.", "It leaked the first time it rained."],
      ["It is quick and easy to set up, even in the dark.", "It is fiddly and frustrating to use in the field."],
      ["Customer service answered my question within an hour.", "The company ignored every email I sent about the defect."],
    ],
    gripes: ["the colour fades a little in the sun", "the stuff sack is tight"],
    perks: ["the colour is nice", "it packs small"],
  },
  pets: {
    products: [["dog bed", "Biscuit"], ["chew toy", "Biscuit"], ["dog leash", "Biscuit"], ["cat scratching post", "Luna"], ["pet water fountain", "Luna"], ["cat tree", "Luna"], ["dog harness", "Biscuit"], ["puzzle feeder", "Biscuit"], ["cat carrier", "Luna"], ["grooming brush", "Luna"]],
    aspects: [
      ["{pet} took to it immediately and now ignores everything else.", "{pet} sniffed it once and never touched it again."],
      ["It has survived {weeks} weeks of {pet}'s enthusiasm.", "{pet} destroyed it in under an hour."],
      ["It is easy to wipe clean.", "It holds on to fur no matter how often I clean it."],
      ["The stitching and materials feel very solid.", "The materials feel thin and cheap."],
      ["It is exactly as described in the listing.", "It looks nothing like the photos in the listing."],
      ["It arrived well packaged and ready to use.", "It arrived with a broken clip and a missing screw."],
      ["{pet} now naps next to it every afternoon.", "{pet} was frightened of it and hid under the sofa."],
      ["Worth every penny for the peace and quiet it brings.", "Far too expensive for something so basic."],
    ],
    gripes: ["the colour is a bit different from the photo", "it took a few days for the smell to fade", "it is slightly bigger than I expected"],
    perks: ["{pet} liked it for the first day", "it looks nice in the living room"],
  },
  games: {
    products: ["board game", "card game", "strategy game", "party game", "cooperative game", "dice game", "trivia game"],
    aspects: [
      ["The rules are easy to learn, and we were playing within ten minutes.", "The rulebook is confusing, and we spent more time reading than playing."],
      ["Every game feels different, so it stays fresh.", "After three games we had seen everything it offers."],
      ["The pieces and cards are sturdy and beautifully illustrated.", "The cardboard pieces are thin and already bending."],
      ["Both our kids and their grandparents enjoy it.", "The kids lost interest after twenty minutes."],
      ["A game takes about forty minutes, which is perfect for a weeknight.", "Games drag on for well over two hours."],
    ],
    gripes: ["the box insert is useless", "setup takes a while", "a couple of cards were slightly bent on arrival"],
    perks: ["the artwork is lovely", "the box is sturdy"],
  },
};

// Parts of a review: open, pos, neg, gripe ("My only complaint..."), perk ("I will admit..."), close.
// `plans` gives, per score, the parts this reviewer uses; `open`/`close` give the voice.
export const LAMP3_USERS = [
  {
    id: "3000", size: 36, domain: "kitchen", gold: "2", weights: { 1: 2, 2: 6, 3: 2 },
    persona: "harsh kitchen-appliance critic: long complaints, mostly 2 stars, even mixed experiences get a 2",
    plans: { 1: ["open", "neg", "neg", "close"], 2: ["open", "neg", "neg", "perk", "close"], 3: ["open", "pos", "neg", "neg", "close"] },
    open: {
      1: ["Absolute junk.", "I regret buying this {p}.", "This {p} is a joke."],
      2: ["Not impressed.", "I really wanted to like this {p}.", "Disappointing, to put it mildly.", "Another overhyped {p}."],
      3: ["Barely acceptable.", "This {p} is fine, I suppose.", "Could have been worse."],
    },
    close: {
      1: ["One star is generous.", "Avoid.", "Straight back to the shop it goes."],
      2: ["Would not buy again.", "Save your money.", "Two stars because it technically works.", "I expected a lot more."],
      3: ["Three stars, and that is pushing it.", "Nothing special.", "There are better options out there."],
    },
  },
  {
    id: "3001", size: 14, domain: "books", gold: "5", weights: { 5: 8, 4: 2 },
    persona: "enthusiastic book lover: short gushing reviews with exclamation marks, almost always 5 stars",
    plans: { 5: ["open", "pos", "pos", "close"], 4: ["open", "pos", "gripe", "close"] },
    open: {
      5: ["Absolutely loved this {p}!", "Wow, what a read!", "Five stars, no question!", "I could not put this {p} down!"],
      4: ["Really enjoyed this {p}!", "Such a good read!", "A lovely {p}!"],
    },
    close: {
      5: ["Highly recommend!!", "Already ordered the sequel!", "Buy it, you won't regret it!", "My new favourite!"],
      4: ["Still a great read!", "Recommended!", "Looking forward to the next one!"],
    },
  },
  {
    id: "3002", size: 22, domain: "electronics", gold: "4", weights: { 4: 7, 3: 1.5, 5: 1.5 },
    persona: "measured gadget buyer: terse, factual, nearly everything is a 4 with one minor complaint",
    plans: { 4: ["open", "pos", "pos", "gripe", "close"], 3: ["open", "pos", "neg", "close"], 5: ["open", "pos", "pos", "close"] },
    open: {
      4: ["Solid {p}.", "Does what it says.", "Good value overall.", "Decent {p}."],
      3: ["Average {p}.", "Acceptable, with caveats."],
      5: ["Excellent {p}.", "Rare five stars from me."],
    },
    close: {
      4: ["Four stars.", "Would buy again.", "Recommended with minor reservations."],
      3: ["Three stars.", "Fine for the price."],
      5: ["No complaints.", "Five stars."],
    },
  },
  {
    id: "3003", size: 12, domain: "beauty", gold: "3", weights: { 3: 7, 2: 1.5, 4: 1.5 },
    persona: "lukewarm skincare tester: every product has a good side and a bad side, almost always 3 stars",
    plans: { 3: ["open", "pos", "neg", "close"], 2: ["open", "neg", "perk", "close"], 4: ["open", "pos", "gripe", "close"] },
    open: {
      3: ["It's okay.", "Mixed feelings about this {p}.", "Not bad, not great.", "This {p} is just fine."],
      2: ["Not for me.", "Meh."],
      4: ["Pleasantly surprised by this {p}.", "Better than I expected."],
    },
    close: {
      3: ["Might repurchase if it goes on sale.", "Average at best.", "It does the job, I guess."],
      2: ["Will not repurchase.", "Disappointing."],
      4: ["Would repurchase.", "Pretty good overall."],
    },
  },
  {
    id: "3004", size: 28, domain: "outdoor", gold: "1", weights: { 1: 4, 5: 4, 2: 1, 4: 1 },
    persona: "all-or-nothing hiker: gear either earns 5 stars or gets 1 star in capitals, rarely anything in between",
    plans: { 1: ["open", "neg", "neg", "close"], 2: ["open", "neg", "perk", "close"], 4: ["open", "pos", "gripe", "close"], 5: ["open", "pos", "pos", "close"] },
    open: {
      1: ["Complete waste of money.", "Do NOT buy this {p}.", "Broke on the first trip.", "Worst {p} I have ever owned."],
      2: ["Not good enough for real trails.", "Let down by this {p}."],
      4: ["Good {p} for the trail.", "Pretty solid."],
      5: ["Best {p} I have ever owned!", "Perfect for serious hikers.", "This {p} is a game changer."],
    },
    close: {
      1: ["AVOID.", "One star because zero is not an option.", "Returned for a full refund."],
      2: ["I expected better.", "Would not trust it in the mountains."],
      4: ["Would recommend.", "Happy overall."],
      5: ["Worth every penny.", "Buy it before your next trip.", "Five stars, no hesitation."],
    },
  },
  {
    id: "3005", size: 40, domain: "pets", gold: "5", weights: { 5: 7, 4: 2.5, 2: 0.5 },
    persona: "devoted pet owner who writes about Biscuit the dog and Luna the cat: generous, 5 stars whenever the pets are happy",
    plans: { 5: ["open", "pos", "pos", "close"], 4: ["open", "pos", "gripe", "close"], 2: ["open", "neg", "neg", "close"] },
    open: {
      5: ["{pet} absolutely loves this {p}!", "{pet} approves!", "Another win for {pet}!", "This {p} is a hit in our house!"],
      4: ["{pet} likes this {p} a lot.", "Good {p}, happy pet."],
      2: ["Sadly not a success with {pet}.", "{pet} was not a fan."],
    },
    close: {
      5: ["Five stars from both of us!", "Highly recommend to any pet parent!", "Ordering a second one!"],
      4: ["Would buy again.", "Happy with it."],
      2: ["Donated it to the shelter.", "Not for us, unfortunately."],
    },
  },
  {
    id: "3006", size: 18, domain: "games", gold: "4", weights: { 4: 6, 3: 2, 5: 2 },
    persona: "family game-night reviewer: thoughtful, mentions the kids, mostly 4 stars",
    plans: { 4: ["open", "pos", "pos", "gripe", "close"], 3: ["open", "pos", "neg", "close"], 5: ["open", "pos", "pos", "close"] },
    open: {
      4: ["A welcome addition to our family game night.", "We have played this {p} every Friday for a month.", "A very good {p} for families."],
      3: ["This {p} had a mixed reception at our family game night.", "Fine, but not one we reach for often."],
      5: ["The best {p} we have played as a family.", "An instant favourite at our family game night."],
    },
    close: {
      4: ["Four stars from the whole family.", "Recommended for families with children over eight.", "It has earned a permanent spot on our shelf."],
      3: ["Three stars.", "It will probably stay in the cupboard."],
      5: ["Five stars without hesitation.", "Buy it for your next family night."],
    },
  },
];

function review(rng, user, score) {
  const dom = DOMAINS[user.domain];
  const prod = rng.pick(dom.products);
  const [p, pet] = Array.isArray(prod) ? prod : [prod, ""];
  const vals = { p, pet, months: rng.pick(["two", "three", "six", "eight"]), weeks: rng.pick(["three", "six", "ten"]) };
  const aspects = rng.shuffle(dom.aspects);
  let a = 0;
  const parts = user.plans[score].map((part) => {
    switch (part) {
      case "open": return rng.pick(user.open[score]);
      case "close": return rng.pick(user.close[score]);
      case "pos": return aspects[a++][0];
      case "neg": return aspects[a++][1];
      case "gripe": return `My only complaint is that ${rng.pick(dom.gripes)}.`;
      case "perk": return `I will admit that ${rng.pick(dom.perks)}, but that is about it.`;
      default: throw new Error(part);
    }
  });
  return parts.map((s) => capFirst(fill(s, vals))).join(" ");
}

/** Deterministic score counts proportional to the weights (largest remainder). */
function scoreCounts(weights, n) {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const raw = Object.entries(weights).map(([k, w]) => [k, (w * n) / total]);
  const counts = Object.fromEntries(raw.map(([k, x]) => [k, Math.floor(x)]));
  let left = n - Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [k] of raw.slice().sort((x, y) => (y[1] % 1) - (x[1] % 1))) {
    if (left-- <= 0) break;
    counts[k] += 1;
  }
  return counts;
}

const LAMP3_TEMPLATE =
  "What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: {text}";

export function buildLamp3() {
  const rng = makeRng(303);
  const questions = [];
  const golds = [];
  for (const u of LAMP3_USERS) {
    const counts = scoreCounts(u.weights, u.size);
    const scores = rng.shuffle(Object.entries(counts).flatMap(([k, c]) => Array(c).fill(k)));
    const seen = new Set();
    const texts = [u.gold, ...scores].map((s) => {
      for (let t = 0; t < 500; t++) {
        const r = review(rng, u, Number(s));
        const n = r.split(/\s+/).length;
        if (!seen.has(r) && n >= 20 && n <= 80) {
          seen.add(r);
          return r;
        }
      }
      throw new Error("could not make a distinct review");
    });
    const [query, ...history] = texts;
    const dates = distinctDates(rng, u.size, 2010, 2018);
    const profile = history.map((text, i) => ({ id: itemId(u.id, i), text, score: scores[i], date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP3_TEMPLATE, { text: query }), profile });
    golds.push({ id: u.id, output: u.gold });
  }
  return { questions, outputs: { task: "LaMP_3", golds } };
}

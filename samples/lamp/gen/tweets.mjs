// LaMP-7 (tweet paraphrasing) sample: each user's tweets in a consistent voice; the query input is a
// neutral paraphrase and the gold output is the user's own tweet. Written for ReaPer Studio.
import { makeRng, distinctDates, itemId, fill, capFirst } from "./util.mjs";

export const LAMP7_USERS = [
  {
    id: "7000",
    persona: 'student who writes in lowercase with "lol" and emoticons (:) :P xD)',
    query: {
      paraphrase: "Even though I have a great deal of homework, I am simply lying here watching videos of cats.",
      tweet: "lol i have so much homework but i'm just lying here watching cat videos :P",
    },
    tweets: [
      "just burned my toast for the third time this week lol i should not be allowed in a kitchen :P",
      "omg the library is so quiet i can hear my own thoughts and they are mostly about pizza lol",
      "finally finished my lab report!! going to sleep for like 12 hours :)",
      "my roommate just got a cat without asking lol it's asleep on my laundry now :)",
      "forgot my umbrella AGAIN lol soaked :P",
      "made pancakes at midnight bc why not lol :)",
      "haha my mom just learned emoticons and now every text ends with :D",
      "stats exam tomorrow and i still don't know what a p value is lol send help xD",
      "went to the gym once and now i think i'm an athlete lol :P",
      "found 5 dollars in my old jeans best day ever :)",
      "lol the bus driver waved at me like we're friends now. we might be friends now",
      "trying to study but my playlist is too good lol :)",
      "my little brother beat me at mario kart again lol i'm retiring xD",
      "coffee number 3 and it's only 10am lol :P",
      "accidentally replied all to the whole class lol kill me now xD",
      "new haircut!! kinda short but i like it :)",
      "our team won trivia night because i knew the capital of australia lol :)",
      "it's snowing in april?? lol ok weather :P",
      "spent an hour choosing a movie and then fell asleep in 10 minutes lol",
      "my plant is still alive after 2 weeks. proud plant mom lol :)",
      "just realized i've been saying my professor's name wrong all semester lol oops xD",
      "ordered one large fries and they gave me two. the universe loves me today :)",
      "group project meeting at 9am on a saturday?? lol no :P",
      "cooked actual vegetables tonight lol who even am i :)",
    ],
  },
  {
    id: "7001",
    persona: "marketing professional who writes complete, formal sentences and ends with hashtags",
    query: {
      paraphrase: "I am eager to go to the new innovation centre in the city centre tomorrow, and I will post my thoughts afterwards.",
      tweet: "Looking forward to visiting the new innovation hub downtown tomorrow. Will share my impressions afterwards. #innovation #networking",
    },
    tweets: [
      "Excited to speak at the Regional Marketing Summit next Thursday. Slides are finally ready. #marketing #publicspeaking",
      "Great article on how small businesses can use email newsletters effectively. Well worth a read. #smallbusiness",
      "Three lessons from this quarter: listen to customers, measure what matters, and rest properly. #leadership",
      "Proud of our team for launching the new website ahead of schedule. #teamwork #webdesign",
      "Reminder: early-bird registration for our spring workshop closes on Friday. #workshop #learning",
      "Enjoyed a thoughtful panel on sustainable packaging this morning. Plenty of ideas to bring back to the office. #sustainability",
      "Starting the week with a clear plan and a strong coffee. Wishing everyone a productive Monday. #MondayMotivation",
      "Our latest case study shows a 40% increase in customer retention. Full report on the blog. #casestudy #growth",
      "Thank you to everyone who joined yesterday's webinar. The recording is now available. #webinar",
      "Networking tip: follow up within 48 hours, and always mention something specific from the conversation. #networking",
      "Delighted to welcome two new colleagues to the team this month. #hiring #teamwork",
      "Holiday reading list: two books on behavioural economics and one on storytelling. #reading #marketing",
      "Honoured to be named one of the city's young professionals to watch. Grateful to my mentors. #gratitude",
      "Customer feedback is a gift, even when it is difficult to hear. #customerexperience",
    ],
  },
  {
    id: "7002",
    persona: "basketball fan who tweets in ALL CAPS with strings of exclamation marks",
    query: {
      paraphrase: "The Hawks are playing the Comets tonight, and I have a strong feeling that we are going to win this game.",
      tweet: "HAWKS VS COMETS TONIGHT!!! WE ARE WINNING THIS ONE I CAN FEEL IT!!!",
    },
    tweets: [
      "LETS GOOOO HAWKS!!! WHAT A COMEBACK!!!",
      "OVERTIME AGAIN?!? MY HEART CANNOT TAKE THIS",
      "GAME DAY!!! JERSEY ON, WINGS ORDERED, READY!!!",
      "THAT REF NEEDS GLASSES. UNBELIEVABLE.",
      "OKAFOR WITH 35 POINTS!!! MVP MVP MVP",
      "3 STRAIGHT WINS BABY!!! PLAYOFFS HERE WE COME",
      "TICKETS FOR SATURDAY SECURED!!! SECTION 112 LETS GO",
      "WHY DO WE ALWAYS LOSE TO THE COMETS. EVERY. SINGLE. TIME.",
      "DRAFT NIGHT!!! PLEASE PICK A POINT GUARD PLEASE",
      "CANNOT BELIEVE THAT BUZZER BEATER!!! I'M STILL SHAKING",
      "SEASON OPENER TONIGHT!!! BEEN WAITING ALL SUMMER",
      "LOST BY 2. TWO POINTS. I NEED A MINUTE.",
      "WATCHING THE GAME AT MY DAD'S AND HE IS YELLING MORE THAN ME HAHA",
      "NEW JERSEYS DROPPED AND THEY ARE BEAUTIFUL!!!",
      "HALFTIME AND WE'RE DOWN 12?? COME ONNNN",
      "HAWKS WIN!!! HAWKS WIN!!! HAWKS WIN!!!",
      "MY FANTASY TEAM IS A DISASTER THIS WEEK HAHA",
      "PARADE ON FRIDAY!!! SEE YOU ALL DOWNTOWN!!!",
    ],
  },
  {
    id: "7003",
    persona: 'chatty friend whose tweets are @-replies with "haha" and plans',
    query: {
      paraphrase: "Thank you very much, the party was great fun and we should do it again soon.",
      tweet: "@jenny_b haha thank you!! the party was so much fun, we need to do it again soon",
    },
    tweets: [
      "@jenny_b haha yes!! see you at the cafe at 3, i'll be the one with the giant scarf",
      "@marcos88 no way, you finished the whole series in one weekend? i'm only on episode 4 haha",
      "@katiereads ooh add it to the list! i still owe you that mystery book btw",
      "@tomwilks happy birthday!!! hope it's a good one, cake is on me next week",
      "@sam_in_the_city haha that sounds exactly like my monday. hang in there",
      "@lilyp thank you so much for the recipe! made it last night and everyone loved it",
      "@jenny_b wait, did you get the concert tickets?? tell me you got them haha",
      "@marcos88 you're right, the sequel was way better. still mad about that ending though",
      "@katiereads haha book club at my place next time, i'll make the lemon cake",
      "@tomwilks just saw your photos from the coast, so jealous!! looks amazing",
      "@sam_in_the_city sorry i missed your call! free tonight after 7 if you want to talk",
      "@lilyp yes please, sign me up for the pottery class too haha",
      "@jenny_b ugh same, my train was 40 minutes late this morning",
      "@marcos88 haha no spoilers please, i'm watching it tonight",
      "@katiereads that bookshop on elm street is closing?? noo that's my favourite",
      "@tomwilks congrats on the new job!! we need to celebrate properly",
      "@sam_in_the_city haha your dog is the cutest, give him a treat from me",
      "@lilyp can't wait for saturday! should i bring snacks or drinks?",
      "@jenny_b so proud of you for running that 10k!! next year i'm joining you haha",
      "@marcos88 pizza and movie night on friday? your turn to pick the film",
      "@katiereads just finished it and i'm in tears. thank you for recommending it",
      "@tomwilks haha i still have the sunburn from that beach day",
      "@sam_in_the_city good luck with the interview tomorrow!! you've got this",
      "@lilyp those cookies look incredible, recipe please haha",
      "@jenny_b thanks for the lift yesterday, you saved me from a very long walk",
      "@marcos88 haha i can't believe you met the whole band. pictures please!",
      "@katiereads agreed, the movie was nowhere near as good as the book",
      "@tomwilks miss you too! come visit soon, the guest room is ready",
      "@sam_in_the_city haha yes let's try that new ramen place next week",
      "@lilyp feel better soon!! soup delivery is on its way",
    ],
  },
  {
    id: "7004",
    persona: 'tired grumbler: short complaints, "ugh", stretched words ("sooo", "whyyy")',
    query: {
      paraphrase: "My alarm did not go off this morning, so I am now extremely late for work.",
      tweet: "ugh my alarm didn't go off and now i'm sooo late for work",
    },
    tweets: [
      "ugh mondays are the worst. sooo tired",
      "whyyy is it raining again. i literally just washed my car",
      "worked a double shift today... my feet are sooo done",
      "ugh the wifi is down and i have a deadline tonight",
      "can't sleep again. 3am and wide awake. whyyy",
      "my coffee machine broke. this day is already ruined ugh",
      "sooo much laundry and zero motivation",
      "ugh stuck in traffic for an hour. send snacks",
      "caught a cold right before the weekend. typical",
      "neighbours drilling at 7am on a sunday. whyyy",
      "ugh forgot my lunch at home. starving",
      "sooo ready for this week to be over",
    ],
  },
  {
    id: "7005",
    persona: "wistful poet: lowercase observations that trail off with ellipses",
    query: {
      paraphrase: "Tonight I stayed awake to look at the stars, and they make all of my worries seem unimportant.",
      tweet: "stayed up to watch the stars tonight... they make every worry feel so small",
    },
    tweets: [
      "the rain on the window tonight sounds like someone trying to remember a song...",
      "old photographs... strange how a smile can outlive the summer it was taken in",
      "walked past our old school today. the swings are gone...",
      "some evenings the city feels like it's holding its breath...",
      "coffee gone cold again. lost in a book that won't let me go...",
      "autumn leaves on the pavement... every one of them a small goodbye",
      "the last train home is always the quietest...",
      "found a letter from my grandmother in a drawer. her handwriting still sounds like her voice...",
      "the sea was grey today. so was i, a little...",
      "snow falling under the streetlight... the whole world in slow motion",
      "listening to the same song on repeat until it stops meaning anything...",
      "late night. one lamp on. the kind of quiet you can almost hold...",
      "the moon was so bright tonight that the shadows looked painted...",
      "packing boxes... funny how a whole year fits in six of them",
      "sunday mornings feel like a page that hasn't been written yet...",
      "the cafe on the corner closed. i keep walking past it anyway...",
      "first warm day of spring... the whole street smells like cut grass",
      "some friendships fade so slowly you don't notice until it's winter...",
      "watching the fog roll over the hills... nothing to do but breathe",
      "the birds are back on the balcony. small mercies...",
    ],
  },
  {
    id: "7006",
    persona: "runner who logs distance, time and a short verdict, always tagged #running",
    query: {
      paraphrase: "I ran ten kilometres beside the river in the rain in 52 minutes and 40 seconds; I got completely soaked but I am happy.",
      tweet: "Rainy 10k along the river in 52:40. Soaked but happy. #running #rainrun",
    },
    size: 36,
  },
];

// The runner's log is naturally formulaic, so it is composed from parts.
const RUNS = [
  ["5k", 22, 26], ["8k", 37, 42], ["10k", 48, 54], ["12k", 58, 64], ["15k", 73, 80], ["half marathon", 106, 118],
];
const FEEL = ["Legs felt great.", "Tough one but got it done.", "New personal best!", "Slow and steady.", "Hot and humid, glad that's over.", "Perfect running weather.", "Windy out there.", "Felt surprisingly easy."];
const ROUTES = ["the river", "the lake", "the canal", "the old railway path", "the harbour"];
const WORKOUTS = ["6 x 800m intervals", "hill repeats, 8 times up", "40 min easy recovery run", "tempo run, 20 min at race pace", "10 x 400m on the track", "long slow 25k"];
const TAGS = ["#marathontraining", "#runnerslife", "#morningrun", "#training"];

function clock(rng, lo, hi) {
  const m = rng.int(lo, hi);
  const s = String(rng.int(0, 59)).padStart(2, "0");
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function runnerTweet(rng) {
  const [dist, lo, hi] = rng.pick(RUNS);
  switch (rng.int(0, 2)) {
    case 0: return `${capFirst(dist)} done in ${clock(rng, lo, hi)}. ${rng.pick(FEEL)} #running`;
    case 1: return `Morning ${dist} along ${rng.pick(ROUTES)} in ${clock(rng, lo, hi)}. ${rng.pick(FEEL)} #running ${rng.pick(TAGS)}`;
    default: return `Workout today: ${rng.pick(WORKOUTS)}. ${rng.pick(FEEL)} #running ${rng.pick(TAGS)}`;
  }
}

const LAMP7_TEMPLATE = "Paraphrase the following tweet without any explanation before or after it: {tweet}";

export function buildLamp7() {
  const rng = makeRng(707);
  const questions = [];
  const golds = [];
  for (const u of LAMP7_USERS) {
    let tweets = u.tweets;
    if (!tweets) {
      const seen = new Set([u.query.tweet]);
      tweets = [];
      while (tweets.length < u.size) {
        const t = runnerTweet(rng);
        if (!seen.has(t)) {
          seen.add(t);
          tweets.push(t);
        }
      }
    }
    const dates = distinctDates(rng, tweets.length, 2009, 2010);
    const profile = rng.shuffle(tweets).map((text, i) => ({ id: itemId(u.id, i), text, date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP7_TEMPLATE, { tweet: u.query.paraphrase }), profile });
    golds.push({ id: u.id, output: u.query.tweet });
  }
  return { questions, outputs: { task: "LaMP_7", golds } };
}

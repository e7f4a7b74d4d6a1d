// News articles for LaMP-2N (news categorisation) and LaMP-4 (headline generation).
// Every category has a few story frames; a frame's slots are filled at random and its sentences
// become the article. `title` is a neutral headline (LaMP-2N); `h4` holds the headline habit of the
// LaMP-4 writer who covers that beat. All text was written for ReaPer Studio.
import { fill, capFirst } from "./util.mjs";

const FIRST = ["Maria", "James", "Aisha", "Daniel", "Priya", "Thomas", "Elena", "Marcus", "Sofia", "David", "Grace", "Kwame", "Laura", "Hiroshi", "Nadia", "Patrick", "Ruth", "Samuel", "Carmen", "Owen"];
const LAST = ["Alvarez", "Bennett", "Okafor", "Lindqvist", "Moreau", "Patel", "Reyes", "Novak", "Haddad", "Whitaker", "Castillo", "Brennan", "Nakamura", "Osei", "Fischer", "Delgado", "Kowalski", "Mensah", "Sullivan", "Romano"];
const CITIES = ["Riverton", "Oak Harbor", "Maple Grove", "Fairhaven", "Lakeside", "Brookfield", "Port Avery", "Cedar Ridge"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const UNIVS = ["the University of Lakeside", "Northfield University", "the Harrow Institute of Public Health", "Eastbrook College", "the Coastal Medical Research Center"];

const person = (r) => `${r.pick(FIRST)} ${r.pick(LAST)}`;
const lastOf = (full) => full.split(" ").slice(-1)[0];
const num = (lo, hi) => (r) => r.int(lo, hi);
const KIDS = [
  { v: "son", T: "Toddler", age: "two" },
  { v: "son", T: "Son", age: "four" },
  { v: "daughter", T: "Daughter", age: "six" },
  { v: "son", T: "Teenage Son", age: "thirteen" },
  { v: "daughter", T: "Teenage Daughter", age: "fifteen" },
];
const SPORT_FIRST = ["James", "Daniel", "Marcus", "David", "Kwame", "Hiroshi", "Patrick", "Samuel", "Owen", "Thomas", "Andre", "Luka", "Tyrese", "Malik"];
const player = (r) => `${r.pick(SPORT_FIRST)} ${r.pick(LAST)}`;
const WORDNUM = ["three", "four", "five", "six", "seven", "eight", "nine"];

export const CATEGORIES = {
  politics: [
    {
      title: ["{city} Council Approves {project_T} After Months of Debate"],
      h4: ["{city} Council Approves {project_T}", "{city} Council Votes {yes}-{no} to Approve {project_T}"],
      text: [
        "The {city} city council voted {yes} to {no} on {day} to approve {project}, a plan that has divided residents since it was first proposed last year.",
        "Supporters say the project will {benefit}, while opponents warned of {concern}.",
        "The measure is expected to cost about {amount} million dollars, funded in part by a state grant.",
        ["Construction could begin as early as next spring.", "A final design will be presented to the public this autumn."],
      ],
      slots: {
        city: CITIES,
        project: [
          { v: "a new light-rail line", T: "New Light-Rail Line" },
          { v: "the redevelopment of the old rail yards", T: "Rail Yard Redevelopment" },
          { v: "a network of protected downtown bike lanes", T: "Downtown Bike Lane Network" },
          { v: "a new public library branch", T: "New Library Branch" },
          { v: "the expansion of the municipal airport", T: "Airport Expansion" },
          { v: "a ban on gas-powered leaf blowers", T: "Leaf Blower Ban" },
          { v: "a plan to convert empty offices into apartments", T: "Office-to-Housing Conversions" },
        ],
        benefit: ["ease traffic congestion", "bring hundreds of jobs to the area", "make the streets safer for families", "revitalise a neglected neighbourhood", "lower the city's carbon emissions"],
        concern: ["rising property taxes", "the loss of green space", "years of construction noise", "a budget that has already grown twice"],
        yes: num(5, 7),
        no: num(2, 4),
        day: DAYS,
        amount: num(4, 90),
      },
    },
    {
      title: ["{candidate} Launches Campaign for {office_T}"],
      h4: ["{candidate} Enters Race for {office_T}", "{candidate} Announces Bid for {office_T}"],
      text: [
        "{candidate}, a {background}, formally announced a campaign for {office} on {day}, promising to focus on {issue}.",
        "Speaking to supporters at a rally in {city}, {last} criticised the incumbent for {criticism}.",
        "The race is expected to be one of the most competitive in the state, and early polls show a tight contest.",
        { p: 0.7, t: "{last} has already raised more than {amount} thousand dollars, according to campaign filings." },
      ],
      slots: {
        candidate: person,
        last: (r, v) => lastOf(v.candidate),
        background: ["former school principal", "two-term state senator", "local business owner", "retired army officer", "longtime public defender", "former city treasurer"],
        office: [
          { v: "governor", T: "Governor" },
          { v: "the state senate", T: "State Senate" },
          { v: "mayor", T: "Mayor" },
          { v: "Congress", T: "Congress" },
          { v: "state attorney general", T: "Attorney General" },
        ],
        issue: ["affordable housing", "lower prescription drug prices", "public school funding", "the opioid crisis", "protecting the state from floods and wildfires"],
        criticism: ["failing to address rising rents", "ignoring rural communities", "mismanaging the state budget", "refusing to take part in public debates"],
        city: CITIES,
        day: DAYS,
        amount: num(150, 900),
      },
    },
    {
      title: ["State Senate Passes Bill to {bill_T}"],
      h4: ["State Senate Passes Bill to {bill_T}", "Senate Votes {yes}-{no} to {bill_T}"],
      text: [
        "The state senate passed a bill on {day} that would {bill}, sending the measure to the governor's desk.",
        "The legislation passed largely along party lines, {yes} to {no}.",
        "Advocates called the vote {adj} and said the change was long overdue.",
        "Critics argued that the bill {critique}.",
        "The governor's office has not said whether the bill will be signed.",
      ],
      slots: {
        bill: [
          { v: "raise the minimum wage to 17 dollars an hour", T: "Raise the Minimum Wage" },
          { v: "expand early voting by two weeks", T: "Expand Early Voting" },
          { v: "cap the monthly cost of insulin", T: "Cap Insulin Costs" },
          { v: "require body cameras for all state police officers", T: "Require Police Body Cameras" },
          { v: "ban the sale of flavoured vaping products", T: "Ban Flavoured Vapes" },
          { v: "limit annual rent increases to five percent", T: "Limit Rent Increases" },
          { v: "make school breakfast free for every student", T: "Make School Breakfast Free" },
        ],
        critique: ["would burden small businesses", "was rushed through without public hearings", "does not go far enough", "will be costly to enforce"],
        adj: ["historic", "a major step forward", "a victory for working families"],
        yes: num(21, 27),
        no: num(12, 18),
        day: DAYS,
      },
    },
  ],

  business: [
    {
      title: ["{co} Plans {n} New Stores After Strong Quarter"],
      h4: ["Inside {co}'s Plan to Open {n} New Stores", "Inside the Expansion Push at {co}"],
      text: [
        "{co}, the {co_desc}, said on {day} that it plans to open {n} new locations over the next year after reporting a {pct} percent jump in quarterly sales.",
        "Chief executive {ceo} credited strong demand for {co_product} and a leaner supply chain.",
        "The expansion is expected to create about {jobs} jobs, many of them in smaller towns.",
        { p: 0.7, t: "Shares of the company rose {pct2} percent in afternoon trading." },
      ],
      slots: {
        co: [
          { v: "Harvest Lane Grocers", desc: "regional supermarket chain", product: "its own-brand groceries" },
          { v: "Northwind Outfitters", desc: "outdoor clothing retailer", product: "rain jackets and hiking boots" },
          { v: "Bluebird Coffee", desc: "coffee chain", product: "cold brew and breakfast sandwiches" },
          { v: "Pinecrest Home", desc: "furniture and home goods seller", product: "affordable sofas" },
          { v: "Summit Cycles", desc: "bicycle maker", product: "electric bikes" },
          { v: "Copperleaf Pharmacy", desc: "pharmacy chain", product: "walk-in health clinics" },
        ],
        n: num(12, 80),
        pct: num(6, 24),
        pct2: num(2, 9),
        ceo: person,
        jobs: (r) => r.int(4, 30) * 50,
        day: DAYS,
      },
    },
    {
      title: ["{co} to Cut {jobs} Jobs as Demand Slows"],
      h4: ["Inside the Layoffs at {co}", "Inside {co}'s Painful Year"],
      text: [
        "{co} announced on {day} that it will lay off about {jobs} employees, roughly {pct} percent of its workforce, as demand for {co_product} cools.",
        "The company said the cuts will mostly affect {dept}.",
        "In a memo to staff, chief executive {ceo} described the decision as painful but necessary to {goal}.",
        "Analysts said the move reflects a broader slowdown in {sector}.",
      ],
      slots: {
        co: [
          { v: "Lumina Devices", product: "smart home speakers", sector: "consumer electronics" },
          { v: "Fairway Logistics", product: "same-day delivery", sector: "the shipping industry" },
          { v: "Tandem Software", product: "its project management tools", sector: "the software industry" },
          { v: "Redwood Motors", product: "its mid-size sedans", sector: "the auto industry" },
          { v: "Orchard Media", product: "digital advertising", sector: "the media business" },
        ],
        dept: ["corporate offices and middle management", "its marketing and sales teams", "two distribution centres in the Midwest", "its recruiting department"],
        goal: ["return the company to profitability", "focus on its core products", "protect the business through a difficult year"],
        jobs: (r) => r.int(3, 40) * 25,
        pct: num(4, 15),
        ceo: person,
        day: DAYS,
        sector: (r, v) => v.co_sector,
      },
    },
    {
      title: ["{su} Raises {amt} Million Dollars to {su_T}"],
      h4: ["Inside {su}, the Startup Trying to {su_T}", "Inside {su}'s Bet to {su_T}"],
      text: [
        "{su}, a {city}-based startup that wants to {su_mission}, has raised {amt} million dollars in new funding, the company said on {day}.",
        "The round was led by {investor}.",
        "Founded in {year} by {founder}, the company plans to use the money to hire engineers and expand into new markets.",
        "It says it already serves more than {cust} customers.",
      ],
      slots: {
        su: [
          { v: "Fieldnote", mission: "help small farms sell directly to restaurants", T: "Connect Small Farms With Restaurants" },
          { v: "Kiln", mission: "make home batteries affordable for renters", T: "Bring Home Batteries to Renters" },
          { v: "Tallyho", mission: "simplify payroll for tiny businesses", T: "Simplify Payroll for Tiny Businesses" },
          { v: "Greenleaf Labs", mission: "turn food waste into animal feed", T: "Turn Food Waste Into Animal Feed" },
          { v: "Harbourline", mission: "bring electric ferries to busy commuter routes", T: "Electrify Commuter Ferries" },
          { v: "Nestwise", mission: "help families find reliable childcare", T: "Fix the Childcare Search" },
        ],
        amt: num(4, 60),
        city: ["Denver", "Austin", "Pittsburgh", "Atlanta", "Portland", "Minneapolis"],
        investor: ["Granite Ventures", "Lighthouse Capital", "Foundry Partners", "a group of angel investors"],
        year: num(2014, 2019),
        founder: person,
        cust: (r) => `${r.int(2, 40) * 100}`,
        day: DAYS,
      },
    },
  ],

  sports: [
    {
      title: ["{team} Beat {opp} {s1}-{s2}"],
      h4: ["{plast}'s {stat_S} Lifts {team_S} Past {opp_S}", "{team_S} Roll Past {opp_S} Behind {plast}'s {stat_S}"],
      text: [
        "The {team} defeated the {opp} {s1}-{s2} on {day} night, extending their winning streak to {streak} games.",
        "{player} led the way with {stat}, while {p2} added {stat2}.",
        "The {opp} trailed for most of the night and never recovered from a {run}-point run in the third quarter.",
        { p: 0.7, t: "The {team} host their next opponent on Saturday." },
      ],
      slots: {
        team: [
          { v: "Harbor City Hawks", S: "Hawks" },
          { v: "Riverton Rapids", S: "Rapids" },
          { v: "Lakeside Lions", S: "Lions" },
        ],
        opp: [
          { v: "Granite Peak Miners", S: "Miners" },
          { v: "Bay State Comets", S: "Comets" },
          { v: "Fairhaven Foxes", S: "Foxes" },
          { v: "Cedar Ridge Rangers", S: "Rangers" },
        ],
        s1: num(104, 121),
        s2: (r, v) => v.s1 - r.int(3, 17),
        player,
        plast: (r, v) => lastOf(v.player),
        stat: [
          { v: "28 points and 11 rebounds", S: "Double-Double" },
          { v: "a career-high 35 points", S: "Career Night" },
          { v: "31 points, including seven three-pointers", S: "Hot Hand" },
          { v: "a triple-double", S: "Triple-Double" },
          { v: "24 points in the fourth quarter alone", S: "Fourth-Quarter Surge" },
        ],
        p2: player,
        stat2: ["14 assists", "19 points off the bench", "12 rebounds and four blocks"],
        streak: WORDNUM,
        run: num(12, 20),
        day: DAYS,
      },
    },
    {
      title: ["{team} Sign {player} to {years_T}-Year Deal"],
      h4: ["{team_S} Land {player} in {years_T}-Year Deal", "{plast} Heads to {team_S} on {years_T}-Year Deal"],
      text: [
        "The {team} have signed forward {player} to a {years}-year contract worth a reported {amt} million dollars, the club announced on {day}.",
        "The {age}-year-old spent the last {n} seasons with the {opp}, averaging {avg} points a game last season.",
        "Team officials said the signing addresses their need for {need}.",
        "Fans greeted the news with enthusiasm on social media.",
      ],
      slots: {
        team: [
          { v: "Harbor City Hawks", S: "Hawks" },
          { v: "Riverton Rapids", S: "Rapids" },
          { v: "Lakeside Lions", S: "Lions" },
        ],
        opp: ["Granite Peak Miners", "Bay State Comets", "Fairhaven Foxes"],
        player,
        plast: (r, v) => lastOf(v.player),
        years: [{ v: "two", T: "Two" }, { v: "three", T: "Three" }, { v: "four", T: "Four" }, { v: "five", T: "Five" }],
        amt: num(20, 140),
        age: num(23, 31),
        n: WORDNUM.slice(0, 4),
        avg: num(14, 26),
        need: ["outside shooting", "veteran leadership", "size in the frontcourt", "a reliable scorer off the bench"],
        day: DAYS,
      },
    },
    {
      title: ["{runner} Wins {city} Marathon"],
      h4: ["{rlast} Smashes Course Record to Win {city} Marathon", "{rlast} Pulls Away Late to Take {city} Marathon"],
      text: [
        "{runner} won the {city} Marathon on Sunday, crossing the finish line in {time}, a new course record.",
        "{rlast} pulled away from the lead pack at the {km}-kilometre mark and never looked back.",
        "More than {field} runners took part in this year's race, which was held in {weather} conditions.",
        "Organisers said the event raised over {money} thousand dollars for local charities.",
      ],
      slots: {
        runner: person,
        rlast: (r, v) => lastOf(v.runner),
        city: CITIES,
        time: (r) => `2 hours, ${r.int(5, 14)} minutes`,
        km: num(28, 36),
        field: (r) => `${r.int(3, 25)},000`,
        weather: ["cool and overcast", "unusually warm", "windy", "perfect"],
        money: num(200, 900),
      },
    },
  ],

  "healthy living": [
    {
      title: ["Study Links {h_T} to {h_E}"],
      h4: ["Could {h_T} Lead to {h_E}?", "Is {h_T} the Secret to {h_E}?"],
      text: [
        "A new study from researchers at {univ} suggests that {h} may {h_effect}.",
        "The team followed {n} adults for {months} months and found that those who {h_verb} reported {h_result}.",
        "The researchers caution that the study shows an association rather than cause and effect.",
        "Still, experts say the findings add to a growing body of evidence that small daily habits matter.",
      ],
      slots: {
        h: [
          { v: "a short walk after meals", T: "Short Walks After Meals", E: "Steadier Blood Sugar", effect: "help keep blood sugar steady", verb: "walked for ten minutes after dinner", result: "smaller blood sugar spikes" },
          { v: "going to bed at the same time every night", T: "a Regular Bedtime", E: "Better Moods", effect: "improve mood", verb: "kept a consistent bedtime", result: "fewer days of low mood" },
          { v: "eating more fibre", T: "Eating More Fibre", E: "a Healthier Heart", effect: "protect the heart", verb: "ate at least 30 grams of fibre a day", result: "lower cholesterol levels" },
          { v: "spending time in green spaces", T: "Time in Nature", E: "Lower Stress", effect: "lower stress", verb: "spent two hours a week in parks", result: "lower levels of stress hormones" },
          { v: "strength training twice a week", T: "Strength Training", E: "a Longer Life", effect: "add years to your life", verb: "lifted weights twice a week", result: "better mobility and fewer falls" },
          { v: "drinking water before every meal", T: "Drinking Water Before Meals", E: "Easier Weight Loss", effect: "make weight loss easier", verb: "drank a glass of water before meals", result: "eating fewer calories" },
          { v: "putting the phone away an hour before bed", T: "Ditching Your Phone Before Bed", E: "Deeper Sleep", effect: "improve sleep quality", verb: "stopped using screens an hour before bed", result: "deeper and longer sleep" },
        ],
        univ: UNIVS,
        n: (r) => `${r.int(8, 40) * 100}`,
        months: num(6, 24),
      },
    },
    {
      title: ["{n} Simple Ways to {g_T}"],
      h4: ["Want to {g_T}? Try These {n} Simple Habits", "Struggling to {g_T}? These {n} Tips Could Help"],
      text: [
        "If you want to {g}, you do not need an expensive program or special equipment.",
        "Experts recommend starting with {g_t1}.",
        "{g_t2} can also make a noticeable difference within a few weeks.",
        "Finally, try {g_t3}, which many people find easier to keep up than strict rules.",
        "The key, according to {role} {expert}, is consistency rather than intensity.",
      ],
      slots: {
        g: [
          { v: "sleep better", T: "Sleep Better", t1: "keeping your bedroom cool and dark", t2: "Cutting caffeine after lunch", t3: "writing down tomorrow's worries before bed" },
          { v: "eat less sugar", T: "Eat Less Sugar", t1: "reading labels for hidden sugars", t2: "Swapping fizzy drinks for sparkling water", t3: "keeping fruit within easy reach" },
          { v: "move more during the workday", T: "Move More at Work", t1: "standing up every half hour", t2: "Taking phone calls while walking", t3: "parking at the far end of the car park" },
          { v: "manage everyday stress", T: "Manage Stress", t1: "five minutes of slow breathing in the morning", t2: "Setting a firm end to the working day", t3: "a weekly phone call with a close friend" },
          { v: "build a running habit", T: "Start Running", t1: "alternating one minute of jogging with two minutes of walking", t2: "Laying out your shoes the night before", t3: "signing up for a local five-kilometre race" },
          { v: "drink more water", T: "Drink More Water", t1: "carrying a refillable bottle", t2: "Flavouring water with cucumber or mint", t3: "drinking a full glass with every meal" },
        ],
        n: WORDNUM.slice(0, 3).map((w) => w.charAt(0).toUpperCase() + w.slice(1)),
        role: ["sports physician", "dietitian", "sleep researcher", "personal trainer"],
        expert: person,
      },
    },
    {
      title: ["Experts Revisit the Claim That {m_T}"],
      h4: ["{m_Q}"],
      text: [
        "For years, many people have believed that {m}.",
        "But according to {role} {expert}, the evidence is far more mixed than the warnings suggest.",
        "{m_fact}",
        "The bigger risk, {elast} says, is {m_risk}.",
      ],
      slots: {
        m: [
          { v: "coffee is bad for your heart", T: "Coffee Is Bad for Your Heart", Q: "Is Coffee Really Bad for Your Heart?", fact: "Several large studies have found that two or three cups a day are linked to a slightly lower risk of heart disease.", risk: "the sugar and cream that people add to their cup" },
          { v: "you need ten thousand steps a day", T: "You Need Ten Thousand Steps a Day", Q: "Do You Really Need Ten Thousand Steps a Day?", fact: "Recent research suggests that the benefits level off at around seven thousand steps for many adults.", risk: "giving up entirely because the goal feels out of reach" },
          { v: "eating late at night makes you gain weight", T: "Late-Night Eating Causes Weight Gain", Q: "Does Eating Late Really Make You Gain Weight?", fact: "Studies show that the total amount people eat matters much more than the time on the clock.", risk: "the kind of snacks people tend to reach for late in the evening" },
          { v: "stretching before exercise prevents injuries", T: "Stretching Prevents Injuries", Q: "Does Stretching Before a Workout Really Prevent Injuries?", fact: "Trials comparing stretching with a gentle warm-up have found little difference in injury rates.", risk: "skipping the warm-up altogether" },
          { v: "you should drink eight glasses of water a day", T: "Everyone Needs Eight Glasses of Water", Q: "Do You Really Need Eight Glasses of Water a Day?", fact: "Much of the water people need already comes from food and other drinks.", risk: "ignoring thirst during hot weather and exercise" },
        ],
        role: ["cardiologist", "nutrition scientist", "sports medicine doctor", "public health researcher"],
        expert: person,
        elast: (r, v) => lastOf(v.expert),
      },
    },
  ],

  "food & drink": [
    {
      title: ["A {d_T} for Busy Weeknights"],
      text: [
        "This {d} comes together in about {min} minutes and uses only one pan.",
        "Start by {d_step1}, then {d_step2}.",
        "A squeeze of lemon and a handful of fresh herbs at the end keep it bright.",
        { p: 0.6, t: "Leftovers keep well in the fridge for up to three days, so it is worth making a double batch." },
      ],
      slots: {
        d: [
          { v: "lemony chickpea and spinach stew", T: "Lemony Chickpea Stew", step1: "softening onions and garlic in olive oil", step2: "add the chickpeas, stock and spinach and simmer until thick" },
          { v: "sheet-pan chicken with roasted carrots", T: "Sheet-Pan Chicken Dinner", step1: "tossing the carrots in oil and cumin", step2: "roast them alongside the chicken thighs until golden" },
          { v: "ginger and sesame noodle bowl", T: "Ginger Sesame Noodle Bowl", step1: "whisking soy sauce, ginger and sesame oil", step2: "toss the sauce with hot noodles and crisp vegetables" },
          { v: "creamy mushroom orzo", T: "Creamy Mushroom Orzo", step1: "browning sliced mushrooms in butter", step2: "stir in the orzo and stock until the pasta is tender" },
          { v: "black bean and sweet potato taco", T: "Sweet Potato Taco", step1: "roasting cubes of sweet potato with smoked paprika", step2: "pile them into warm tortillas with black beans and lime" },
          { v: "tomato and white bean soup", T: "Tomato and White Bean Soup", step1: "frying a spoonful of tomato paste until it darkens", step2: "add the beans and stock and blend half of the soup" },
        ],
        min: num(20, 40),
      },
    },
    {
      title: ["{rest} Brings {cuisine} Cooking to {hood}"],
      text: [
        "{rest}, a new {cuisine} restaurant, opened its doors in {hood} this week.",
        "Chef {chef}, who previously cooked in {prev}, built the menu around {dish}.",
        "The dining room seats about {seats} people, and prices are kept deliberately modest.",
        { p: 0.7, t: "Reservations are already booked up for the next two weekends." },
      ],
      slots: {
        rest: ["Saltbush", "The Copper Pot", "Little Fig", "Ember & Rye", "Casa Lumen", "Noodle Theory", "Olive Street Kitchen"],
        cuisine: [
          { v: "Lebanese", dish: "mezze and charcoal-grilled flatbreads" },
          { v: "Oaxacan", dish: "hand-pressed tortillas and seven kinds of mole" },
          { v: "Sichuan", dish: "fiery dan dan noodles and cumin lamb" },
          { v: "Ethiopian", dish: "injera and slow-cooked lentil stews" },
          { v: "Neapolitan", dish: "wood-fired pizza with a blistered crust" },
          { v: "Korean", dish: "bubbling stews and house-made kimchi" },
        ],
        dish: (r, v) => v.cuisine_dish,
        hood: ["the Old Town", "the riverside district", "the university quarter", "the former mill district", "Harbour Street"],
        chef: person,
        prev: ["Lisbon", "Mexico City", "Chengdu", "London", "Naples", "Seoul"],
        seats: num(30, 90),
      },
    },
    {
      title: ["Why {t_T} Is Showing Up on Every Menu"],
      text: [
        "Walk into almost any cafe this year and you are likely to find {t} on the menu.",
        "{t_why}",
        "Bartenders and chefs say customers are {t_reason}.",
        "Some critics think the trend will fade, but sales figures suggest it is here to stay for now.",
      ],
      slots: {
        t: [
          { v: "oat milk", T: "Oat Milk", why: "Once a niche alternative, it now outsells almond milk in many coffee shops.", reason: "looking for a creamy plant-based option" },
          { v: "low-alcohol cocktails", T: "the Low-Alcohol Cocktail", why: "Drinks made with vermouth, sherry and bitter aperitifs are replacing stronger classics.", reason: "drinking less but still want something interesting" },
          { v: "fermented hot sauce", T: "Fermented Hot Sauce", why: "Small-batch producers are selling out of bottles that take months to mature.", reason: "curious about bold and tangy flavours" },
          { v: "sourdough pancakes", T: "the Sourdough Pancake", why: "Bakers are finding new uses for their leftover starter at brunch.", reason: "drawn to the slightly sour taste and fluffy texture" },
          { v: "cold-brew tea", T: "Cold-Brew Tea", why: "Steeped overnight, the tea tastes smoother and less bitter than the hot version.", reason: "trading sugary iced drinks for something lighter" },
        ],
      },
    },
  ],

  travel: [
    {
      title: ["Exploring {place} Off Season"],
      h4: ["{n} {place_things} in {place} Worth the Trip This {season}", "{n} Reasons to Visit {place} This {season}"],
      text: [
        "Most visitors come to {place} in high summer, but {season_l} may be the best time to go.",
        "The crowds thin out, hotel prices drop, and {place_sight}.",
        "Do not miss {place_a}, and set aside an afternoon for {place_b}.",
        "{place_tip}",
        "Small guesthouses in the area often offer discounts for stays of three nights or more.",
      ],
      slots: {
        place: [
          { v: "the Amalfi Coast", things: "Quiet Villages", sight: "the lemon groves are still green", a: "the cliffside path between two fishing villages", b: "a long lunch at a family-run trattoria", tip: "Local buses run less often outside summer, so check the timetable before you set out." },
          { v: "the Scottish Highlands", things: "Hidden Lochs", sight: "the hills turn gold and copper", a: "the ferry to the small islands", b: "a whisky tasting at a village distillery", tip: "Pack waterproofs, because the weather can change within minutes." },
          { v: "Kyoto", things: "Temples", sight: "the maple leaves turn deep red", a: "the quieter temples in the northern hills", b: "a stroll through the old wooden merchant streets", tip: "Buy a bus day pass, which pays for itself after three rides." },
          { v: "Portugal's Algarve", things: "Secret Beaches", sight: "the water is still warm enough to swim", a: "the sea caves near the fishing harbours", b: "a boat trip along the golden cliffs", tip: "Many beach restaurants close on Mondays outside the summer season." },
          { v: "Croatia's Dalmatian Coast", things: "Island Towns", sight: "the old stone towns feel local again", a: "the walled old town at sunrise", b: "a day trip to one of the car-free islands", tip: "Ferries run on a reduced schedule, so book the return trip in advance." },
          { v: "the Canadian Rockies", things: "Mountain Lakes", sight: "the first snow dusts the peaks", a: "the turquoise lakes along the parkway", b: "a soak in the hot springs", tip: "Some high roads close early in the season, so check conditions daily." },
        ],
        season: [{ v: "Autumn", l: "autumn" }, { v: "Spring", l: "spring" }],
        season_l: (r, v) => v.season_l,
        n: num(5, 9),
      },
    },
    {
      title: ["Tips for {tg_T}"],
      h4: ["{n} Ways to {tg_T}", "{n} Smart Tricks to {tg_T}"],
      text: [
        "Seasoned travellers say it is easier than you think to {tg}.",
        "First, {tg_a}.",
        "It also helps to {tg_b}.",
        "And whatever you do, {tg_c}.",
        "None of these tricks costs extra, and together they can make a trip far less stressful.",
      ],
      slots: {
        tg: [
          { v: "travel with only a carry-on bag", T: "Travel With Only a Carry-On", a: "plan outfits around two colours that all match", b: "wear your bulkiest shoes and jacket on the plane", c: "leave the just-in-case items at home" },
          { v: "find cheaper flights", T: "Find Cheaper Flights", a: "set price alerts several months ahead", b: "fly midweek rather than at the weekend", c: "compare nearby airports before you book" },
          { v: "beat jet lag", T: "Beat Jet Lag", a: "shift your sleep by an hour a day before leaving", b: "get outside in the morning light after you land", c: "avoid long naps on the first afternoon" },
          { v: "travel well with small children", T: "Travel With Small Children", a: "book flights that match nap times", b: "pack a small bag of new toys to reveal during the journey", c: "build in a slow first day at your destination" },
          { v: "stay safe on a solo trip", T: "Stay Safe on a Solo Trip", a: "share your itinerary with someone at home", b: "arrive at new places in daylight", c: "trust your instincts if something feels wrong" },
        ],
        n: num(5, 10),
      },
    },
    {
      title: ["{air} Adds Nonstop Flights From {city} to {dest}"],
      h4: ["{n} Things to Know About the New Nonstop Flights to {dest}"],
      text: [
        "{air} will begin flying nonstop from {city} to {dest} in {month}, the airline announced this week.",
        "The route will run {freq} times a week, with introductory fares starting at about {fare} dollars each way.",
        "Travellers currently have to change planes at least once to make the trip.",
        "Tourism officials in {dest} expect the new service to bring thousands of extra visitors a year.",
      ],
      slots: {
        air: ["Northstar Airways", "Bluewing Air", "Coastline Airlines"],
        city: ["Denver", "Boston", "Seattle", "Chicago", "Atlanta"],
        dest: ["Lisbon", "Reykjavik", "Dublin", "Costa Rica", "Athens", "Marrakech"],
        month: ["March", "May", "June", "October"],
        freq: WORDNUM.slice(0, 4),
        fare: (r) => r.int(25, 60) * 10,
        n: num(4, 7),
      },
    },
  ],

  parents: [
    {
      title: ["How to Talk to Your Kids About {topic_T}"],
      text: [
        "Many parents dread the conversation about {topic}, but experts say it does not have to be a single big talk.",
        "{role} {expert} suggests starting early and {topic_tip}.",
        "Children often take their cues from how calm the adults around them seem.",
        "Short, honest answers usually work better than long lectures.",
      ],
      slots: {
        topic: [
          { v: "money", T: "Money", tip: "letting them handle a small allowance of their own" },
          { v: "online safety", T: "Online Safety", tip: "setting up their first accounts together" },
          { v: "the death of a pet", T: "Losing a Pet", tip: "using clear words instead of gentle euphemisms" },
          { v: "divorce", T: "Divorce", tip: "reassuring them that the decision is not their fault" },
          { v: "friendship troubles", T: "Friendship Troubles", tip: "asking questions before offering solutions" },
          { v: "scary news events", T: "Scary News", tip: "limiting how much coverage they watch" },
        ],
        role: ["Child psychologist", "Family therapist", "Paediatrician"],
        expert: person,
      },
    },
    {
      title: ["What My {kid_T} Taught Me About {l_T}"],
      h4: ["What My {kid_T} Taught Me About {l_T}", "Why I Finally Stopped {l_stop}"],
      text: [
        "I used to think {l_before}.",
        "Then my {kid}, {age}, {l_event}.",
        "{l_lesson}",
        "I still get it wrong some days, but I have learned to {l_now}.",
      ],
      slots: {
        l: [
          { v: "patience", T: "Patience", kids: ["two", "four", "six"], stop: "Rushing Every Morning", before: "I had patience figured out, right up until the morning school run", event: "spent ten full minutes choosing which sock to put on first", lesson: "Watching that small, serious face, I realised the hurry was all mine.", now: "leave the house ten minutes earlier and breathe" },
          { v: "failure", T: "Failure", kids: ["six", "thirteen", "fifteen"], stop: "Fixing My Kid's Mistakes", before: "I had to protect my child from every disappointment", event: "lost a school competition and came home surprisingly cheerful", lesson: "It turned out that losing was far less frightening to my child than it was to me.", now: "let small failures happen and talk about them afterwards" },
          { v: "screen time", T: "Screen Time", kids: ["six", "thirteen", "fifteen"], stop: "Fighting About Screens", before: "I had to police every minute spent on a tablet", event: "asked me to put my own phone away at dinner", lesson: "It is hard to argue for rules that you do not follow yourself.", now: "keep one screen-free hour for the whole family every evening" },
          { v: "listening", T: "Listening", kids: ["thirteen", "fifteen"], stop: "Giving Advice Nobody Asked For", before: "I had to solve every problem my child brought to me", event: "told me, quite firmly, that they just wanted me to listen", lesson: "Sometimes being heard matters more than being helped.", now: "ask whether my child wants advice or just a hug" },
          { v: "gratitude", T: "Gratitude", kids: ["two", "four", "six"], stop: "Buying Every Toy on the List", before: "that more presents meant a happier holiday", event: "spent a whole afternoon playing with the cardboard box instead of the gift", lesson: "What my child wanted was my time, not another toy.", now: "plan experiences together instead of shopping" },
          { v: "sleep", T: "Sleep", kids: ["two", "four"], stop: "Following Every Sleep Rule", before: "I had to follow every sleep schedule in every book", event: "slept soundly in a noisy campsite after weeks of restless nights at home", lesson: "Rigid rules were stressing both of us far more than they helped.", now: "trust my own child's rhythms a little more" },
        ],
        kid: (r, v) => r.pick(KIDS.filter((k) => v.l_kids.includes(k.age))),
        age: (r, v) => v.kid_age,
      },
    },
    {
      title: ["Study Finds {s_T}"],
      text: [
        "Researchers at {univ} surveyed {n} families and found that {s}.",
        "{s_detail}",
        "The authors say parents should not feel guilty, but small changes at home may help.",
        { p: 0.6, t: "The study was published this week in a leading paediatrics journal." },
      ],
      slots: {
        s: [
          { v: "children who eat dinner with their families sleep better", T: "Family Dinners Help Kids Sleep", detail: "Even three shared meals a week were linked to earlier bedtimes." },
          { v: "toddlers learn more words from books than from videos", T: "Toddlers Learn More Words From Books", detail: "Reading aloud prompted far more back-and-forth talk between parent and child." },
          { v: "teenagers who work part-time jobs feel more confident", T: "Part-Time Jobs Boost Teen Confidence", detail: "The effect was strongest for jobs of fewer than ten hours a week." },
          { v: "unstructured outdoor play improves children's attention", T: "Outdoor Play Improves Kids' Attention", detail: "Children who played outside for an hour after school did better on focus tests." },
        ],
        univ: UNIVS,
        n: (r) => `${r.int(5, 30) * 100}`,
      },
    },
  ],

  education: [
    {
      title: ["{district} Schools to {pol_T}"],
      text: [
        "The {district} school board voted this week to {pol}, starting next school year.",
        "District leaders said the change is meant to {pol_why}.",
        "Some parents welcomed the decision, while others questioned how it would be paid for.",
        "The board will review the results after one year.",
      ],
      slots: {
        district: ["Riverton", "Maple Grove", "Brookfield", "Cedar Ridge", "Lakeside County"],
        pol: [
          { v: "start high school classes an hour later", T: "Push Back High School Start Times", why: "help teenagers get more sleep" },
          { v: "ban mobile phones during the school day", T: "Ban Phones During Class", why: "reduce distractions and bullying" },
          { v: "offer free tutoring to every middle school student", T: "Offer Free Tutoring", why: "help students who fell behind catch up" },
          { v: "switch to a four-day school week", T: "Move to a Four-Day Week", why: "attract and keep teachers" },
          { v: "add a required personal finance course", T: "Require a Personal Finance Class", why: "prepare students for life after graduation" },
        ],
      },
    },
    {
      title: ["{uni} Makes Tuition Free for {grp_T}"],
      text: [
        "{uni} announced that it will no longer charge tuition to {grp}, beginning with next autumn's incoming class.",
        "The programme is funded by a {amt} million dollar gift from an alumnus.",
        "University officials said they hope the move will {why}.",
        "Applications from eligible students are expected to rise sharply.",
      ],
      slots: {
        uni: ["Northfield University", "Eastbrook College", "the University of Lakeside", "Westmoor State University"],
        grp: [
          { v: "students whose families earn less than 100,000 dollars a year", T: "Lower-Income Families" },
          { v: "students training to become teachers", T: "Future Teachers" },
          { v: "students from the surrounding county", T: "Local Students" },
          { v: "military veterans", T: "Veterans" },
        ],
        amt: num(50, 300),
        why: ["open doors for first-generation students", "ease a regional teacher shortage", "reduce student debt"],
      },
    },
    {
      title: ["Reading Scores Rise at {district} Elementary Schools"],
      text: [
        "Reading scores at {district} elementary schools rose for the {ord} year in a row, according to state test results released on {day}.",
        "The share of third graders reading at grade level climbed to {pct} percent.",
        "Teachers credit a new approach that {appr}.",
        "Maths scores, however, remained flat.",
      ],
      slots: {
        district: ["Riverton", "Maple Grove", "Brookfield", "Cedar Ridge", "Lakeside County", "Fairhaven"],
        ord: ["second", "third", "fourth"],
        pct: num(55, 78),
        appr: ["focuses on phonics in the early grades", "pairs struggling readers with trained volunteers", "adds a daily half hour of independent reading"],
        day: DAYS,
      },
    },
  ],

  entertainment: [
    {
      title: ["'{film}' Tops the Weekend Box Office"],
      text: [
        "'{film}', the new {genre} starring {star}, earned {amt} million dollars in its opening weekend, easily beating expectations.",
        "Critics have praised {slast}'s performance, and audiences gave the film high marks.",
        "It pushed last week's leader into second place.",
        { p: 0.6, t: "The studio is already said to be discussing a sequel." },
      ],
      slots: {
        film: ["The Long Tide", "Paper Lanterns", "Midnight Freight", "The Glass Orchard", "Signal Lost", "Second Chances"],
        genre: ["thriller", "family comedy", "science fiction epic", "musical drama", "heist film"],
        star: person,
        slast: (r, v) => lastOf(v.star),
        amt: num(18, 95),
      },
    },
    {
      title: ["'{show}' Renewed for a {ord} Season"],
      text: [
        "The streaming hit '{show}' has been renewed for a {ord_l} season, the network confirmed on {day}.",
        "The {genre} became one of the most-watched series of the year after a slow start.",
        "Production on the new episodes will begin this summer, and most of the main cast is expected to return.",
      ],
      slots: {
        show: ["The Harbor Files", "Kitchen Wars", "Northern Lights", "Small Town Secrets", "The Understudy"],
        ord: [{ v: "Third", l: "third" }, { v: "Fourth", l: "fourth" }, { v: "Second", l: "second" }],
        ord_l: (r, v) => v.ord_l,
        genre: ["crime drama", "cooking competition", "workplace comedy", "mystery series"],
        day: DAYS,
      },
    },
    {
      title: ["{singer} Announces {n}-City World Tour"],
      text: [
        "Singer {singer} announced a {n}-city world tour on {day} to celebrate the release of the new album '{album}'.",
        "The tour opens in {open} in the spring and ends with two shows in London.",
        "Tickets go on sale next week, and fans are already warning that they will sell out quickly.",
      ],
      slots: {
        singer: person,
        n: num(20, 60),
        album: ["Slow Burn", "Neon Rivers", "Letters Home", "Wildflower Season"],
        open: ["Toronto", "Mexico City", "Sydney", "Chicago"],
        day: DAYS,
      },
    },
  ],

  "style & beauty": [
    {
      title: ["{tr_T} Are the Look of the Season"],
      text: [
        "From the runway to the high street, {tr} are everywhere this season.",
        "Stylists say the trend works best when {tr_how}.",
        "{tr_note}",
        { p: 0.6, t: "Affordable versions are already appearing in most high-street stores." },
      ],
      slots: {
        tr: [
          { v: "butter-yellow dresses", T: "Butter-Yellow Dresses", how: "it is paired with simple white trainers", note: "The soft shade flatters almost every skin tone." },
          { v: "oversized blazers", T: "Oversized Blazers", how: "the rest of the outfit stays slim and simple", note: "Vintage shops report that men's blazers are flying off the racks." },
          { v: "chunky silver jewellery", T: "Chunky Silver Rings", how: "one statement piece does all the work", note: "Gold, it seems, has finally taken a back seat." },
          { v: "ballet flats", T: "Ballet Flats", how: "they are worn with straight-leg jeans", note: "The comfortable shoe is enjoying its biggest revival in fifteen years." },
          { v: "glossy lips", T: "Glossy Lips", how: "the rest of the face is kept bare and fresh", note: "Matte lipstick sales have fallen for the second year running." },
        ],
      },
    },
    {
      title: ["Dermatologists Weigh In on {ing_T}"],
      text: [
        "{ing} has become one of the most talked-about skincare ingredients online.",
        "Dermatologist {doc} says it can {ing_good}, but warns that {ing_warn}.",
        "Her advice is to introduce it slowly and always wear sunscreen during the day.",
      ],
      slots: {
        ing: [
          { v: "retinol", T: "Retinol", good: "smooth fine lines over several months", warn: "it often irritates sensitive skin at first" },
          { v: "niacinamide", T: "Niacinamide", good: "calm redness and shrink the look of pores", warn: "very high concentrations are rarely necessary" },
          { v: "vitamin C", T: "Vitamin C Serum", good: "brighten a dull complexion", warn: "many serums lose their strength once opened" },
          { v: "snail mucin", T: "Snail Mucin", good: "help dry skin hold on to moisture", warn: "the evidence behind the bigger claims is thin" },
        ],
        doc: (r) => `${r.pick(["Maria", "Aisha", "Priya", "Elena", "Grace", "Nadia", "Ruth", "Carmen"])} ${r.pick(LAST)}`,
      },
    },
    {
      title: ["The Best Looks From {city} Fashion Week"],
      text: [
        "{city} Fashion Week wrapped up on {day} with a collection from designer {des} that drew a standing ovation.",
        "The week's biggest themes were {theme1} and {theme2}.",
        "Several shows also leaned on recycled fabrics, reflecting the industry's growing focus on sustainability.",
      ],
      slots: {
        city: ["Copenhagen", "Milan", "Paris", "London", "Seoul"],
        des: person,
        theme1: ["sheer layers", "sharp tailoring", "bold colour blocking", "oversized knitwear"],
        theme2: ["metallic accessories", "flat boots", "floral prints in dark tones", "wide-leg trousers"],
        day: DAYS,
      },
    },
  ],

  "science & technology": [
    {
      title: ["{mis} Probe Launches for {tgt_T}"],
      h4: ["Why the {mis} Mission to {tgt_T} Matters", "How the {mis} Probe Will Study {tgt_T}"],
      text: [
        "The {mis} probe lifted off on {day}, beginning a {yrs}-year journey to {tgt}.",
        "Scientists hope the spacecraft will {goal}.",
        "It carries {inst} instruments, including a camera sensitive enough to {cam}.",
        "If all goes well, the first data will arrive {when}.",
      ],
      slots: {
        mis: ["Meridian", "Heron", "Polaris Scout", "Cascade", "Lumen"],
        tgt: [
          { v: "Jupiter's moon Europa", T: "Jupiter's Moon Europa", goal: "find out whether the ocean under the ice could support life" },
          { v: "a metal-rich asteroid", T: "a Metal-Rich Asteroid", goal: "reveal what the core of an early planet looked like" },
          { v: "the planet Venus", T: "Venus", goal: "explain how Venus became so hot" },
          { v: "Saturn's moon Titan", T: "Saturn's Moon Titan", goal: "study the lakes of liquid methane on its surface" },
        ],
        goal: (r, v) => v.tgt_goal,
        yrs: num(3, 7),
        inst: WORDNUM,
        cam: ["spot objects the size of a car", "map the surface in three dimensions", "measure the chemistry of rocks from orbit"],
        when: ["before the end of the decade", "within a few months of arrival", "shortly after the probe reaches orbit"],
        day: DAYS,
      },
    },
    {
      title: ["Researchers Teach {mach} to {mach_skill}"],
      h4: ["How Researchers Taught {mach} to {mach_skill}", "Why Teaching {mach} to {mach_skill} Is So Hard"],
      text: [
        "A team at {univ} has built {mach_l} that can {mach_skill_l}, a task that has long challenged engineers.",
        "The system learns from {mach_data} rather than following hand-written rules.",
        "{mach_detail}",
        { p: 0.7, t: "The work will be presented at a major conference later this year." },
        "The researchers say the technology could eventually help {mach_use}.",
      ],
      slots: {
        mach: [
          { v: "a Robot", l: "a robot", skill: "Fold Laundry", skill_l: "fold laundry", data: "thousands of videos of people folding clothes", detail: "In tests, it folded a towel in under a minute.", use: "hospitals and hotels" },
          { v: "a Computer", l: "a computer program", skill: "Read Ancient Scrolls", skill_l: "read badly damaged ancient scrolls", data: "high-resolution X-ray scans", detail: "It has already recovered several lines of text that no human could read.", use: "historians and museums" },
          { v: "a Drone", l: "a drone", skill: "Count Endangered Birds", skill_l: "count endangered birds from the air", data: "images labelled by wildlife experts", detail: "Its counts matched those of human surveyors within two percent.", use: "conservation groups" },
          { v: "an AI", l: "an AI system", skill: "Predict Floods", skill_l: "predict river floods several days ahead", data: "decades of rainfall and river records", detail: "It warned of a recent flood two days earlier than existing models.", use: "emergency planners" },
          { v: "a Robot Hand", l: "a robotic hand", skill: "Handle Eggs", skill_l: "pick up eggs without breaking them", data: "touch sensors in its fingertips", detail: "It broke only one egg in five hundred attempts.", use: "warehouses and farms" },
        ],
        univ: ["Northfield University", "Eastbrook College", "the University of Lakeside", "the Westmoor Institute of Technology"],
      },
    },
    {
      title: ["{co} Unveils a Phone With {feat_T}"],
      h4: ["How {co}'s New Phone Gets {feat_T}", "Why {co} Is Betting on {feat_T}"],
      text: [
        "{co} unveiled its newest smartphone on {day}, headlined by {feat}.",
        "{feat_how}",
        "The phone will cost about {price} dollars and goes on sale next month.",
        "Early reviewers praised the design but said the software still feels unfinished.",
        "Analysts say the feature could push rivals to follow.",
      ],
      slots: {
        co: ["Lumina", "Corvid", "Arclight", "Nimbus"],
        feat: [
          { v: "a battery that lasts three days", T: "Three-Day Battery Life", how: "The company says a new chip design uses far less power when the screen is idle." },
          { v: "a screen that folds twice", T: "a Double-Folding Screen", how: "A new hinge lets the phone open into a tablet-sized display." },
          { v: "a camera that works in near darkness", T: "Night Vision", how: "Software combines dozens of exposures taken in a fraction of a second." },
          { v: "a fully repairable design", T: "Repairable Design", how: "The battery and screen can be swapped at home with a single screwdriver." },
        ],
        price: (r) => r.int(40, 120) * 10,
        day: DAYS,
      },
    },
  ],

  "culture & arts": [
    {
      title: ["{museum} Opens Major {artist_T} Exhibition"],
      text: [
        "{museum} opened a major exhibition of {artist} on {day}, bringing together more than {n} works from collections around the world.",
        "{artist_note}",
        "Curators spent four years assembling the show.",
        { p: 0.7, t: "The exhibition runs until the end of the year, and timed tickets are recommended." },
      ],
      slots: {
        museum: ["The City Art Museum", "The Harbour Gallery", "The National Museum of Design", "The Lakeside Museum of Art"],
        artist: [
          { v: "the work of Dutch still-life painters", T: "Dutch Still-Life", note: "Many of the paintings have never been shown together before." },
          { v: "quilts made by women in the American South", T: "Southern Quilt", note: "The quilts are displayed alongside the stories of the families who made them." },
          { v: "early twentieth-century travel posters", T: "Travel Poster", note: "The bright posters trace the birth of mass tourism." },
          { v: "West African textile art", T: "West African Textile", note: "Weavers will give live demonstrations every weekend." },
          { v: "Japanese woodblock prints", T: "Woodblock Print", note: "A rare set of mountain views is on loan for the first time." },
        ],
        n: (r) => r.int(8, 30) * 10,
        day: DAYS,
      },
    },
    {
      title: ["{author} Wins Literary Prize for Debut Novel"],
      text: [
        "{author} has won this year's First Novel Prize for '{book}', a story about {plot}.",
        "The judges called the book {praise}.",
        "{alast} wrote much of the novel during early mornings before work as a {job}.",
        "The prize comes with an award of {amt} thousand dollars.",
      ],
      slots: {
        author: person,
        alast: (r, v) => lastOf(v.author),
        book: ["The Salt Years", "A House of Small Birds", "Northbound", "The Weight of Rivers", "Evening Bells"],
        plot: ["three sisters running a failing seaside hotel", "a ferryman who keeps a record of every passenger", "a family scattered by a long drought", "two old friends who meet again after forty years"],
        praise: ["tender and quietly devastating", "a remarkable debut", "funny, wise and beautifully written"],
        job: ["nurse", "bus driver", "schoolteacher", "bookkeeper"],
        amt: num(10, 50),
      },
    },
    {
      title: ["{fest} Festival Returns With {n} Free Performances"],
      text: [
        "The {fest} Festival returns to {city} next month with {n} free performances in parks, libraries and squares across the city.",
        "This year's programme includes {item1} and {item2}.",
        "Organisers say the goal is to bring the arts to people who rarely visit theatres or galleries.",
      ],
      slots: {
        fest: ["Open Streets", "Summer Lights", "Riverside Arts", "City Stories"],
        city: CITIES,
        n: num(40, 150),
        item1: ["an open-air staging of a Shakespeare comedy", "a dance piece performed on a floating stage", "a choir of five hundred local singers"],
        item2: ["poetry readings on city buses", "a puppet show for young children", "late-night jazz in the central library"],
      },
    },
  ],

  women: [
    {
      title: ["Women Now Lead {pct} Percent of {sector_T}"],
      text: [
        "Women now hold the top job at {pct} percent of {sector}, according to a new report from {org}.",
        "That is up from {prev} percent five years ago, but still far from equal.",
        "The report found that mentoring programmes and flexible working were the biggest factors in the change.",
        "Its authors warned that progress has slowed in the last year.",
      ],
      slots: {
        pct: num(18, 34),
        prev: (r, v) => v.pct - r.int(4, 10),
        sector: [
          { v: "the country's largest law firms", T: "Top Law Firms" },
          { v: "new technology startups", T: "New Tech Startups" },
          { v: "public hospitals", T: "Public Hospitals" },
          { v: "university science departments", T: "University Science Departments" },
        ],
        org: ["the Equal Work Institute", "a leading business school", "the Women in Leadership Network"],
      },
    },
    {
      title: ["The Gender Pay Gap in {field_T} Is Wider Than Expected"],
      text: [
        "Women working in {field} earn about {gap} cents less for every dollar paid to men, a new analysis shows.",
        "The gap grows larger after women have children, researchers found.",
        "Advocates are calling for companies to publish their salary data.",
        "{speaker}, who leads a campaign for pay transparency, said the numbers confirm what many women already knew.",
      ],
      slots: {
        field: [{ v: "finance", T: "Finance" }, { v: "medicine", T: "Medicine" }, { v: "engineering", T: "Engineering" }, { v: "professional sports", T: "Professional Sports" }],
        gap: num(12, 27),
        speaker: (r) => `${r.pick(["Maria", "Aisha", "Priya", "Elena", "Grace", "Nadia", "Ruth", "Carmen", "Laura", "Sofia"])} ${r.pick(LAST)}`,
      },
    },
    {
      title: ["Meet the Woman Who {feat_T}"],
      text: [
        "When {name} {feat}, few people believed it could be done.",
        "{feat_story}",
        "Today, {nlast} mentors young women who want to follow the same path.",
        "\"Nobody should have to be the first for long,\" {nlast} says.",
      ],
      slots: {
        name: (r) => `${r.pick(["Maria", "Aisha", "Priya", "Elena", "Grace", "Nadia", "Ruth", "Carmen", "Laura", "Sofia"])} ${r.pick(LAST)}`,
        nlast: (r, v) => lastOf(v.name),
        feat: [
          { v: "became the first woman to captain a deep-sea research ship", T: "Captains a Deep-Sea Research Ship", story: "She spent twenty years working her way up from the galley to the bridge." },
          { v: "founded the town's first women-owned construction company", T: "Built Her Own Construction Company", story: "Banks turned down her loan applications four times before one said yes." },
          { v: "became the first female head coach of a men's college team", T: "Coaches a Men's College Team", story: "Her team reached the national semi-finals in her second season." },
          { v: "opened a free clinic for women in a rural county", T: "Opened a Free Clinic for Rural Women", story: "The clinic now sees more than three thousand patients a year." },
        ],
      },
    },
  ],

  religion: [
    {
      title: ["{faith} Congregation Turns Its {space_T} Into a {use_T}"],
      text: [
        "Members of a {faith_l} congregation in {city} have turned their {space} into a {use}.",
        "The idea came from a small group of volunteers who noticed {need}.",
        "Leaders say the project reflects their belief that faith should be lived out in service to neighbours.",
        "Dozens of people now drop by every week.",
      ],
      slots: {
        faith: [{ v: "Methodist", l: "Methodist" }, { v: "Catholic", l: "Catholic" }, { v: "Jewish", l: "Jewish" }, { v: "Muslim", l: "Muslim" }, { v: "Baptist", l: "Baptist" }],
        faith_l: (r, v) => v.faith_l,
        space: [{ v: "parking lot", T: "Parking Lot" }, { v: "basement hall", T: "Basement" }, { v: "unused garden", T: "Garden" }],
        use: [
          { v: "community food pantry", T: "Food Pantry", need: "how many families were skipping meals" },
          { v: "free homework club", T: "Homework Club", need: "children waiting alone for their parents after school" },
          { v: "warming centre for the winter", T: "Warming Centre", need: "people sleeping outside on the coldest nights" },
          { v: "vegetable garden for refugees", T: "Community Garden", need: "newly arrived refugee families with no place to grow food" },
        ],
        need: (r, v) => v.use_need,
        city: CITIES,
      },
    },
    {
      title: ["Interfaith Leaders Gather in {city} to {aim_T}"],
      text: [
        "Religious leaders from more than {n} faith communities gathered in {city} on {day} to {aim}.",
        "Rabbis, imams, pastors and priests shared the stage and led a moment of silent prayer together.",
        "Organisers said the meeting was a response to {reason}.",
        "They plan to meet again in the spring.",
      ],
      slots: {
        city: CITIES,
        n: num(8, 25),
        aim: [
          { v: "call for an end to hate crimes", T: "Condemn Hate Crimes" },
          { v: "launch a joint programme to house homeless families", T: "Tackle Homelessness" },
          { v: "pledge to protect the environment", T: "Care for Creation" },
          { v: "promote dialogue between young people of different faiths", T: "Build Bridges Between Young People" },
        ],
        reason: ["a rise in vandalism at places of worship", "growing divisions in the community", "a recent report on local poverty"],
        day: DAYS,
      },
    },
    {
      title: ["How Families Are Celebrating {hol} This Year"],
      text: [
        "As {hol} approaches, many families are finding new ways to {hol_how}.",
        "{hol_detail}",
        "Religious leaders say the heart of the celebration remains the same: gratitude, generosity and time together.",
      ],
      slots: {
        hol: [
          { v: "Ramadan", how: "share the evening meal with neighbours", detail: "Mosques are hosting open iftar dinners to which everyone is invited." },
          { v: "Hanukkah", how: "light the candles together even when they live far apart", detail: "Some families hold their candle lighting over video calls each night." },
          { v: "Easter", how: "combine old traditions with acts of service", detail: "Several churches are pairing their services with food drives." },
          { v: "Diwali", how: "celebrate the festival of lights in their new hometowns", detail: "Temples are organising community dinners and lamp-lighting ceremonies." },
        ],
      },
    },
  ],

  crime: [
    {
      title: ["Police Arrest Suspect in {city} {crime_T}"],
      text: [
        "Police in {city} arrested a {age}-year-old man on {day} in connection with {crime}.",
        "Investigators said surveillance footage and a tip from a neighbour led them to the suspect.",
        "He faces charges of {charge} and is being held without bail.",
        "Police asked anyone with further information to come forward.",
      ],
      slots: {
        city: CITIES,
        crime: [
          { v: "a string of burglaries at local jewellery shops", T: "Jewellery Shop Burglaries", charge: "burglary and receiving stolen goods" },
          { v: "the theft of catalytic converters from dozens of cars", T: "Catalytic Converter Thefts", charge: "grand theft" },
          { v: "an armed robbery at a petrol station", T: "Petrol Station Robbery", charge: "armed robbery" },
          { v: "a series of arson attacks on empty warehouses", T: "Warehouse Fires", charge: "arson" },
        ],
        charge: (r, v) => v.crime_charge,
        age: num(19, 52),
        day: DAYS,
      },
    },
    {
      title: ["Former Accountant Sentenced for {amt} Million Dollar Fraud"],
      text: [
        "A former accountant was sentenced on {day} to {yrs} years in prison for stealing {amt} million dollars from {victim}.",
        "Prosecutors said the scheme ran for nearly a decade before an auditor noticed irregular transfers.",
        "The money was spent on {spent}.",
        "The judge also ordered full repayment to the victims.",
      ],
      slots: {
        amt: num(2, 15),
        yrs: num(4, 12),
        victim: ["a children's charity", "a small family business", "the retirement savings of elderly clients", "a local school district"],
        spent: ["luxury cars and holidays", "a lakeside holiday home", "gambling debts"],
        day: DAYS,
      },
    },
  ],
};

/** Resolves a frame's slots: plain strings, objects (flattened to key and key_sub), or functions. */
function resolveSlots(rng, slots) {
  const vals = {};
  for (const [k, spec] of Object.entries(slots)) {
    const v = typeof spec === "function" ? spec(rng, vals) : rng.pick(spec);
    if (v && typeof v === "object") {
      vals[k] = v.v;
      for (const [sub, x] of Object.entries(v)) if (sub !== "v") vals[`${k}_${sub}`] = x;
    } else vals[k] = v;
  }
  return vals;
}

/** One article of a category: { title, text, headline (LaMP-4 style, if the frame has one), frame }. */
export function makeArticle(rng, category, { styledOnly = false } = {}) {
  const frames = CATEGORIES[category].filter((f) => !styledOnly || f.h4);
  const frame = rng.pick(frames);
  const vals = resolveSlots(rng, frame.slots);
  const sentences = [];
  for (const entry of frame.text) {
    if (typeof entry === "string") sentences.push(entry);
    else if (Array.isArray(entry)) sentences.push(rng.pick(entry));
    else if (rng.chance(entry.p)) sentences.push(Array.isArray(entry.t) ? rng.pick(entry.t) : entry.t);
  }
  const text = sentences.map((s) => capFirst(fill(s, vals))).join(" ");
  // "Fairway Logistics's" -> "Fairway Logistics'"
  // ... and "a Austin-based", "a 8 percent" -> "an ...".
  const poss = (x) => x.replace(/s's\b/g, "s'").replace(/\ba (?=(?:Austin|Atlanta|8|8\d|11|18)\b)/g, "an ");
  return {
    title: poss(fill(rng.pick(frame.title), vals)),
    headline: frame.h4 ? poss(fill(rng.pick(frame.h4), vals)) : null,
    text: poss(text),
  };
}

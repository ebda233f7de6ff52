"""Hand-written tricky cases for English news sentence segmentation.

Every text below was written for this benchmark (invented wording, no dataset
excerpts).  ``CASES`` is a list of ``(paragraph_text, [expected sentences])``;
``TAGS`` holds a short label for each case, in the same order, for reports.

Conventions for the expected units:
  * a sentence keeps its closing quote / bracket (``... he said."``);
  * a reporting clause after a quoted ``?``/``!``/``,`` stays with the quote
    (``"Why?" he asked.`` is one unit);
  * a dateline (``MOSCOW (AP) --``) belongs to the first sentence;
  * a line without final punctuation (heading, ``Key dates:``) is its own unit,
    and so is every bullet line (marker included);
  * blank lines always end a unit.
Units are compared after collapsing whitespace runs to one space.
"""

CASES = []
TAGS = []


def _c(tag, text, expected):
    TAGS.append(tag)
    CASES.append((text, list(expected)))


# --- U.S. / U.K. -------------------------------------------------------------
_c("U.S. mid, lowercase next",
   "The U.S. military said it would send more troops to Poland. Officials declined to say how many.",
   ["The U.S. military said it would send more troops to Poland.",
    "Officials declined to say how many."])
_c("U.S. at end, 'The' next",
   "Moscow blamed the standoff on the U.S. The Kremlin repeated the charge on Friday.",
   ["Moscow blamed the standoff on the U.S.",
    "The Kremlin repeated the charge on Friday."])
_c("U.S. at end, 'He' next",
   "The ambassador flew back to the U.S. He is expected to return next week.",
   ["The ambassador flew back to the U.S.",
    "He is expected to return next week."])
_c("U.S. sentence-initial",
   "U.S. officials met their Russian counterparts in Geneva. The session lasted nearly eight hours.",
   ["U.S. officials met their Russian counterparts in Geneva.",
    "The session lasted nearly eight hours."])
_c("U.S. mid, verb next",
   "Talks between Russia and the U.S. ended without a deal, diplomats said.",
   ["Talks between Russia and the U.S. ended without a deal, diplomats said."])
_c("U.S. + proper noun (Senate)",
   "The U.S. Senate approved the package on Thursday. It now goes to the House.",
   ["The U.S. Senate approved the package on Thursday.",
    "It now goes to the House."])
_c("U.K. mid",
   "The U.K. and France issued a joint statement. Germany did not sign it.",
   ["The U.K. and France issued a joint statement.", "Germany did not sign it."])

# --- titles ------------------------------------------------------------------
_c("Mr. x2",
   "Mr. Putin and Mr. Biden talked for 50 minutes. Neither side described the conversation as a breakthrough.",
   ["Mr. Putin and Mr. Biden talked for 50 minutes.",
    "Neither side described the conversation as a breakthrough."])
_c("Mrs.",
   "Mrs. Thompson, who chairs the committee, opened the hearing. She thanked the witnesses for coming.",
   ["Mrs. Thompson, who chairs the committee, opened the hearing.",
    "She thanked the witnesses for coming."])
_c("Dr.",
   "Dr. Amara Osei said the new variant spreads quickly. She urged older residents to get a booster.",
   ["Dr. Amara Osei said the new variant spreads quickly.",
    "She urged older residents to get a booster."])
_c("Gen.",
   "Gen. Mark Milley told reporters that troops were massing near the border. He did not give a number.",
   ["Gen. Mark Milley told reporters that troops were massing near the border.",
    "He did not give a number."])
_c("Sen. + Gov.",
   "Sen. Robert Menendez introduced the sanctions bill. Gov. Ron DeSantis criticized it within hours.",
   ["Sen. Robert Menendez introduced the sanctions bill.",
    "Gov. Ron DeSantis criticized it within hours."])
_c("Ms.",
   "Ms. Rivera declined to comment. Her lawyer said a statement would follow.",
   ["Ms. Rivera declined to comment.", "Her lawyer said a statement would follow."])
_c("Rep. + Prof.",
   "Rep. Adam Schiff and Prof. Nina Kahn testified together. Their accounts differed on one point.",
   ["Rep. Adam Schiff and Prof. Nina Kahn testified together.",
    "Their accounts differed on one point."])
_c("Lt. Col.",
   "Lt. Col. Anna Price commands the unit. It arrived in Estonia last month.",
   ["Lt. Col. Anna Price commands the unit.", "It arrived in Estonia last month."])

# --- dates and times -----------------------------------------------------------
_c("Dec. 30 / Jan. 10",
   "The leaders last spoke on Dec. 30 by phone. Another round of talks was set for Jan. 10 in Geneva.",
   ["The leaders last spoke on Dec. 30 by phone.",
    "Another round of talks was set for Jan. 10 in Geneva."])
_c("Jan. 10 sentence-initial",
   "Jan. 10 was chosen because both delegations were free. The date was confirmed on Tuesday.",
   ["Jan. 10 was chosen because both delegations were free.",
    "The date was confirmed on Tuesday."])
_c("Aug. 24, 1991",
   "Ukraine declared independence on Aug. 24, 1991, after a failed coup in Moscow. A referendum followed in December.",
   ["Ukraine declared independence on Aug. 24, 1991, after a failed coup in Moscow.",
    "A referendum followed in December."])
_c("3 p.m. mid",
   "The briefing starts at 3 p.m. local time. Journalists must register in advance.",
   ["The briefing starts at 3 p.m. local time.", "Journalists must register in advance."])
_c("3 p.m. at end",
   "The meeting broke up shortly after 3 p.m. Diplomats left without speaking to reporters.",
   ["The meeting broke up shortly after 3 p.m.",
    "Diplomats left without speaking to reporters."])
_c("9:30 a.m. mid",
   "Markets opened at 9:30 a.m. on Tuesday and fell sharply. By noon the main index was down 2 percent.",
   ["Markets opened at 9:30 a.m. on Tuesday and fell sharply.",
    "By noon the main index was down 2 percent."])
_c("4 a.m., comma",
   "The blast happened at about 4 a.m., police said. No one was hurt.",
   ["The blast happened at about 4 a.m., police said.", "No one was hurt."])

# --- numbers -----------------------------------------------------------------
_c("No. 2 / No. 1",
   "The team is ranked No. 2 in the country. Its closest rival holds the No. 1 spot.",
   ["The team is ranked No. 2 in the country.", "Its closest rival holds the No. 1 spot."])
_c("3.5 percent",
   "Consumer prices rose 3.5 percent in the year to November. Economists had expected 3.2 percent.",
   ["Consumer prices rose 3.5 percent in the year to November.",
    "Economists had expected 3.2 percent."])
_c("$1.2 billion",
   "The company reported revenue of $1.2 billion for the quarter. That compared with $980 million a year earlier.",
   ["The company reported revenue of $1.2 billion for the quarter.",
    "That compared with $980 million a year earlier."])
_c("integer at end",
   "The death toll climbed to 12. Rescue crews were still searching the rubble on Sunday.",
   ["The death toll climbed to 12.", "Rescue crews were still searching the rubble on Sunday."])
_c("decimal at end",
   "The index closed at 4,512.6. Trading was thin ahead of the holiday.",
   ["The index closed at 4,512.6.", "Trading was thin ahead of the holiday."])
_c("word 'no.' at end",
   "Asked whether troops would withdraw, the minister's answer was no. The talks ended soon after.",
   ["Asked whether troops would withdraw, the minister's answer was no.",
    "The talks ended soon after."])
_c("0.8%. short",
   "Shares fell 0.8%. Bonds rallied.",
   ["Shares fell 0.8%.", "Bonds rallied."])

# --- ellipses ------------------------------------------------------------------
_c("ellipsis, lowercase next",
   "He paused... then went on to discuss the border. The audience stayed silent.",
   ["He paused... then went on to discuss the border.", "The audience stayed silent."])
_c("ellipsis ends sentence",
   "Nobody knows what happens next... The next round is two weeks away.",
   ["Nobody knows what happens next...", "The next round is two weeks away."])
_c("ellipsis in quote",
   'He wrote that the plan "would not survive ... the first serious test." Allies were unconvinced.',
   ['He wrote that the plan "would not survive ... the first serious test."',
    "Allies were unconvinced."])
_c("unicode ellipsis",
   "The statement ended with a warning\u2026 Officials in Kyiv called it a threat.",
   ["The statement ended with a warning\u2026", "Officials in Kyiv called it a threat."])

# --- quotations ---------------------------------------------------------------
_c('quote," said. "quote."',
   '"We have no plans to invade anyone," the deputy minister said. "Our troops are on our own soil."',
   ['"We have no plans to invade anyone," the deputy minister said.',
    '"Our troops are on our own soil."'])
_c('"...?" he asked.',
   '"Why would we attack?" he asked. Nobody in the room answered.',
   ['"Why would we attack?" he asked.', "Nobody in the room answered."])
_c('"...!" she told',
   '"This is a dangerous moment!" she told reporters outside the building. Then she walked away.',
   ['"This is a dangerous moment!" she told reporters outside the building.',
    "Then she walked away."])
_c('"...". Then',
   'The spokesman called the offer "a non-starter". Then he left the podium.',
   ['The spokesman called the offer "a non-starter".', "Then he left the podium."])
_c('"...." New sentence',
   'Diplomats described the proposal as "dead on arrival." The White House disagreed.',
   ['Diplomats described the proposal as "dead on arrival."', "The White House disagreed."])
_c('asked, "...?" New',
   'She asked, "Is anyone actually listening?" The room went quiet.',
   ['She asked, "Is anyone actually listening?"', "The room went quiet."])
_c("split quote, one sentence",
   '"The sanctions will be severe," he said, "and they will come quickly." Markets barely moved.',
   ['"The sanctions will be severe," he said, "and they will come quickly."',
    "Markets barely moved."])
_c("curly quotes",
   "\u201cWe will respond,\u201d the minister said. \u201cThe decision is final.\u201d",
   ["\u201cWe will respond,\u201d the minister said.", "\u201cThe decision is final.\u201d"])
_c("single quotes, BBC style",
   "He described the move as 'reckless'. Others were more cautious.",
   ["He described the move as 'reckless'.", "Others were more cautious."])
_c('"...?" asked the general',
   '"Are we ready?" asked the general. His staff said yes.',
   ['"Are we ready?" asked the general.', "His staff said yes."])

# --- datelines ---------------------------------------------------------------
_c("MOSCOW (AP) --",
   "MOSCOW (AP) -- Russia said Tuesday that some units were returning to their bases. Western officials said they saw no sign of it.",
   ["MOSCOW (AP) -- Russia said Tuesday that some units were returning to their bases.",
    "Western officials said they saw no sign of it."])
_c("WASHINGTON, March 3 (Xinhua) --",
   "WASHINGTON, March 3 (Xinhua) -- The U.S. Senate passed the spending bill late Thursday. It now heads to the House.",
   ["WASHINGTON, March 3 (Xinhua) -- The U.S. Senate passed the spending bill late Thursday.",
    "It now heads to the House."])
_c("KYIV, Jan. 14 (Reuters) -",
   "KYIV, Jan. 14 (Reuters) - Several government websites were hit by a cyberattack on Friday. Officials said no personal data was leaked.",
   ["KYIV, Jan. 14 (Reuters) - Several government websites were hit by a cyberattack on Friday.",
    "Officials said no personal data was leaked."])
_c("GENEVA \u2014 dateline",
   "GENEVA \u2014 Senior diplomats from both countries met for nearly eight hours. They agreed to keep talking.",
   ["GENEVA \u2014 Senior diplomats from both countries met for nearly eight hours.",
    "They agreed to keep talking."])

# --- initials ----------------------------------------------------------------
_c("Sergey V. Lavrov",
   "Foreign Minister Sergey V. Lavrov rejected the demand. He called it a provocation.",
   ["Foreign Minister Sergey V. Lavrov rejected the demand.", "He called it a provocation."])
_c("George W. Bush",
   "President George W. Bush signed the order in 2001. It stayed in force for years.",
   ["President George W. Bush signed the order in 2001.", "It stayed in force for years."])
_c("J. R. Hartley",
   "The study was led by J. R. Hartley of the institute. It was published on Monday.",
   ["The study was led by J. R. Hartley of the institute.", "It was published on Monday."])

# --- companies / St. / misc abbreviations --------------------------------------
_c("Inc. / Corp. mid",
   "Apple Inc. said quarterly sales rose 11 percent. Microsoft Corp. reported a smaller gain.",
   ["Apple Inc. said quarterly sales rose 11 percent.",
    "Microsoft Corp. reported a smaller gain."])
_c("Corp. at end",
   "The stake was sold to Exxon Mobil Corp. The price was not disclosed.",
   ["The stake was sold to Exxon Mobil Corp.", "The price was not disclosed."])
_c("Co. + Corp. mid",
   "Samsung Electronics Co. and Sony Group Corp. announced a partnership. Details were scarce.",
   ["Samsung Electronics Co. and Sony Group Corp. announced a partnership.",
    "Details were scarce."])
_c("St. Petersburg",
   "The forum opened in St. Petersburg on Thursday. Thousands of delegates attended.",
   ["The forum opened in St. Petersburg on Thursday.", "Thousands of delegates attended."])
_c("St. Louis initial",
   "St. Louis officials reported record turnout. The count will finish tomorrow.",
   ["St. Louis officials reported record turnout.", "The count will finish tomorrow."])
_c("e.g.",
   "Some goods, e.g. wheat and fertilizer, were exempt from the ban. Others were not.",
   ["Some goods, e.g. wheat and fertilizer, were exempt from the ban.", "Others were not."])
_c("etc. at end",
   "The shops sell bread, milk, eggs, etc. Prices have doubled since spring.",
   ["The shops sell bread, milk, eggs, etc.", "Prices have doubled since spring."])
_c("web address",
   "Details are posted on www.example.gov.uk. Applications close on Friday.",
   ["Details are posted on www.example.gov.uk.", "Applications close on Friday."])

# --- ? ! and parentheses -------------------------------------------------------
_c("? ! .",
   "Will the talks succeed? Few analysts think so! Still, both sides agreed to meet again.",
   ["Will the talks succeed?", "Few analysts think so!",
    "Still, both sides agreed to meet again."])
_c("(...). New",
   "The ruble fell sharply (it lost 7 percent in one week). The central bank stepped in.",
   ["The ruble fell sharply (it lost 7 percent in one week).", "The central bank stepped in."])
_c("(Sentence.) as unit",
   "The vote was close. (Two members abstained.) The bill passed anyway.",
   ["The vote was close.", "(Two members abstained.)", "The bill passed anyway."])
_c("(NATO) acronym",
   "The alliance (NATO) has 30 members. Finland and Sweden are not among them.",
   ["The alliance (NATO) has 30 members.", "Finland and Sweden are not among them."])

# --- layout: headings, bullets, paragraphs -----------------------------------
_c("ALL-CAPS heading line",
   "RUSSIAN INVASION FEARS\nNATO moved more ships into the Baltic on Monday. Allies called the step defensive.",
   ["RUSSIAN INVASION FEARS", "NATO moved more ships into the Baltic on Monday.",
    "Allies called the step defensive."])
_c("title-case heading + blank",
   "What happens next\n\nThe two sides will meet again in Brussels. No date has been set.",
   ["What happens next", "The two sides will meet again in Brussels.", "No date has been set."])
_c("'Key dates:' line",
   "Key dates:\nThe talks begin on Monday in Geneva.",
   ["Key dates:", "The talks begin on Monday in Geneva."])
_c("heading between paragraphs",
   "The first session ended early.\nSANCTIONS THREAT\nWashington said penalties were ready.",
   ["The first session ended early.", "SANCTIONS THREAT", "Washington said penalties were ready."])
_c("- bullets",
   "Moscow listed three demands:\n- no further NATO expansion\n- no missiles near its borders\n- a pullback of allied forces",
   ["Moscow listed three demands:", "- no further NATO expansion",
    "- no missiles near its borders", "- a pullback of allied forces"])
_c("* bullets",
   "Main developments:\n* Talks resumed in Geneva.\n* The U.S. rejected key demands.\n* Another round is planned.",
   ["Main developments:", "* Talks resumed in Geneva.", "* The U.S. rejected key demands.",
    "* Another round is planned."])
_c("\u2022 bullets",
   "In brief\n\u2022 Oil rose 2 percent\n\u2022 Gold was flat\n\u2022 The dollar weakened against the euro",
   ["In brief", "\u2022 Oil rose 2 percent", "\u2022 Gold was flat",
    "\u2022 The dollar weakened against the euro"])
_c("three paragraphs",
   "Diplomats gathered in Vienna on Monday.\n\nThe agenda covered nuclear limits. It also touched on sanctions.\n\nNo statement was issued.",
   ["Diplomats gathered in Vienna on Monday.", "The agenda covered nuclear limits.",
    "It also touched on sanctions.", "No statement was issued."])
_c("headline paragraph, no period",
   "Biden warns Putin of heavy costs\n\nThe two leaders spoke for 50 minutes on Thursday.",
   ["Biden warns Putin of heavy costs", "The two leaders spoke for 50 minutes on Thursday."])

assert len(CASES) == len(TAGS)

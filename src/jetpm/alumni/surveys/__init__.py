"""The yearly JETAA membership survey (answered by chapters) and alumni status survey (answered by alumni),
on the questionnaire engine (jetpm.questionnaires): HQ defines and opens them, missions send them to their
jurisdiction's chapters and alumni, respondents answer on their own page, HQ reads the results by region."""

"""The questionnaire engine: questionnaires of a year as data, one response per respondent, progress and
results. Generic: no stage's words in it.

How a stage uses it (the alumni surveys, the local governments' survey):

1. Define the year's questionnaire: ``services.create_questionnaire(actor=, owner_id=, purpose="my_key",
   fiscal_year=, title_ja=, title_en=, questions=[QuestionInput(key, kind, label_ja, label_en, required,
   choices)])`` (a stage keeps its default set of questions as data), then ``open_questionnaire`` (a
   transition of ``workflows.QUESTIONNAIRES``: draft → open → closed; only the owner's staff).
2. Send it: ``services.invite(actor=, questionnaire_id=, via_id=<the sending organisation>,
   respondents=[Respondent(organisation_id=…) or Respondent(person_id=…)], due_on=)``. The stage checks that
   the respondents belong to the sender first; a respondent already invited keeps their one response.
3. Answer: build ``answers.AnswerForm(request.POST or None, questions=selectors.questions_of(q),
   answers=response.answers, required=<submitting>)`` (every error at once), then
   ``services.answer(actor=, response_id=, answers=form.answers(), submit=…)``: saved until submitted
   (``workflows.RESPONSES``'s "submit" checks every required answer); the template
   ``questionnaires/_answer_form.html`` draws the fields.
4. Follow and read: ``selectors.progress(selectors.responses_for(user, q), by="via")`` (invited/answered),
   ``selectors.results(q, responses)`` (per question: counts, sums, averages by the pure ``tally`` module;
   ``questionnaires/_results.html`` shows them), ``selectors.answer_rows``/``result_rows`` for
   ``core.exports`` (audit the export in the stage when respondents are persons); ``services.remind`` marks
   the reminded responses (the stage sends the mail and lists its reminders in its ``dashboard.py``).

Scoping (``rules.py``): responses are seen by the national bodies, the questionnaire's owner, the sending
organisation and the respondent; a stage narrows further in its own selectors."""

// The candidate's assessment, one step at a time, driven by /api/attempts/current. The server
// holds all state (phase, the pending question, the deadline), so a reload or a new tab resumes
// where the server says. Server text is only ever set with textContent, never parsed as HTML.
'use strict';

(() => {
  const API = '/api/attempts/current';
  /** Statuses a restart or a proxy gives while the app is briefly away: worth waiting out. */
  const TRANSIENT = new Set([429, 502, 503, 504]);
  const MAX_BACKOFF_MS = 10000;
  /** The checklist's familiarity scale, 0-4 as the API takes it; 2 or more claims the term. */
  const FAMILIARITY = [
    'never heard of it',
    'heard the name',
    'know what it is',
    'have used it',
    'know it well',
  ];

  const app = document.getElementById('app');
  const statusLine = document.getElementById('status');
  const bar = document.getElementById('bar');
  const progress = document.getElementById('progress');
  const progressFill = document.getElementById('progress-fill');
  const progressText = document.getElementById('progress-text');
  const timer = document.getElementById('timer');
  const levels = Array.from(document.querySelectorAll('#level-names li'), (li) => ({
    value: Number(li.dataset.level),
    name: li.textContent.trim(),
  }));

  const state = {
    mode: 'loading',
    /** The question on screen, for answers and client events. */
    seq: null,
    busy: false,
    deadline: null,
    /** serverNow - Date.now(), taken from each response, so the countdown follows the server. */
    offset: 0,
    ticking: null,
    timeUp: false,
    warned: new Set(),
  };

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `The server answered ${status}`);
      this.status = status;
      this.code = body && body.code;
    }
  }

  // ---- talking to the server -------------------------------------------------------------

  function sleep(ms) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        window.removeEventListener('online', done);
        resolve();
      };
      const timeout = setTimeout(done, ms);
      // Coming back online ends the wait early.
      window.addEventListener('online', done);
    });
  }

  function init(method, body) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      // Under the page's no-referrer policy the Fetch standard sends "Origin: null" on a POST,
      // which the server's CSRF check refuses; same-origin keeps the real Origin.
      referrerPolicy: 'same-origin',
    };
  }

  /**
   * One API call. Network failures and transient statuses are retried with backoff for as long
   * as it takes, with a visible "reconnecting" status; every call is safe to repeat (the server
   * makes answers idempotent and returns the same pending question).
   */
  async function call(method, path, body) {
    let wait = 500;
    let retried = false;
    for (;;) {
      let response = null;
      try {
        response = await fetch(API + path, init(method, body));
      } catch {
        response = null;
      }
      if (response && !TRANSIENT.has(response.status)) {
        if (retried) say('Connected again.');
        return read(response);
      }
      retried = true;
      say('Reconnecting… Your answers so far are saved.', true);
      await sleep(wait);
      wait = Math.min(wait * 2, MAX_BACKOFF_MS);
    }
  }

  async function read(response) {
    if (response.status === 204) return null;
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  /** Client signals for the integrity review: fire and forget, never in the candidate's way. */
  function report(kind) {
    if (state.mode !== 'quiz') return;
    const body = state.seq ? { kind, seq: state.seq } : { kind };
    fetch(API + '/events', { ...init('POST', body), keepalive: true }).catch(() => undefined);
  }

  // ---- page furniture ----------------------------------------------------------------------

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name === 'className') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function say(message, warning) {
    statusLine.textContent = message;
    statusLine.classList.toggle('warn', Boolean(warning));
  }

  /** Replaces the page with a new step and moves focus to its heading, so it is read first. */
  function step(mode, heading, children) {
    state.mode = mode;
    state.busy = false;
    say('');
    const title = el('h1', { text: heading, tabindex: '-1', id: 'step-heading' });
    app.replaceChildren(title, ...children.filter(Boolean));
    document.title = `${heading} · Sift`;
    progress.parentElement.hidden = mode !== 'quiz';
    bar.hidden = progress.parentElement.hidden && timer.hidden;
    title.focus();
    window.scrollTo(0, 0);
  }

  function paragraph(text, className) {
    return el('p', { text, className });
  }

  function errorLine(id) {
    return el('p', { className: 'error', id, role: 'alert' });
  }

  function radio(name, value, label, extra) {
    return el('label', { className: 'choice' }, [
      el('input', { type: 'radio', name, value }),
      extra,
      el('span', { text: label }),
    ]);
  }

  function checkedValue(form, name) {
    const input = form.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : null;
  }

  function setBusy(form, busy) {
    state.busy = busy;
    form.setAttribute('aria-busy', String(busy));
    for (const button of form.querySelectorAll('button')) button.disabled = busy;
  }

  // ---- clock and progress ------------------------------------------------------------------

  function syncClock(deadline, serverNow) {
    if (serverNow) state.offset = Date.parse(serverNow) - Date.now();
    state.deadline = deadline ? Date.parse(deadline) : null;
    if (state.deadline !== null && state.ticking === null) {
      state.ticking = setInterval(tick, 250);
    }
    tick();
  }

  function stopClock() {
    clearInterval(state.ticking);
    state.ticking = null;
    state.deadline = null;
    timer.hidden = true;
    bar.hidden = true;
  }

  function tick() {
    if (state.deadline === null || state.mode === 'finished') {
      timer.hidden = true;
      return;
    }
    const left = Math.max(0, state.deadline - (Date.now() + state.offset));
    const seconds = Math.ceil(left / 1000);
    const text = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    timer.textContent = `Time left ${text}`;
    timer.setAttribute(
      'aria-label',
      `Time left: ${Math.floor(seconds / 60)} minutes ${seconds % 60} seconds`,
    );
    timer.classList.toggle('low', seconds <= 60);
    timer.hidden = false;
    bar.hidden = false;
    // A screen reader hears the clock at a few moments, not every second.
    for (const mark of [300, 60]) {
      if (seconds <= mark && seconds > 0 && !state.warned.has(mark)) {
        state.warned.add(mark);
        say(mark === 60 ? 'One minute left.' : 'Five minutes left.');
      }
    }
    if (left <= 0) void timeUp();
  }

  function showProgress(p) {
    if (!p || !p.maxItems) return;
    const answered = Math.min(p.answered, p.maxItems);
    progress.setAttribute('aria-valuemax', String(p.maxItems));
    progress.setAttribute('aria-valuenow', String(answered));
    progress.setAttribute(
      'aria-valuetext',
      `${answered} of at most ${p.maxItems} questions answered`,
    );
    // A CSSOM property, not a style attribute: allowed under the strict CSP.
    progressFill.style.width = `${(100 * answered) / p.maxItems}%`;
    const skill = p.skillCount
      ? ` · skill ${Math.min(p.skillIndex + 1, p.skillCount)} of ${p.skillCount}`
      : '';
    progressText.textContent = `${answered} answered, at most ${p.maxItems}${skill}`;
  }

  // ---- the steps ---------------------------------------------------------------------------

  async function resume() {
    try {
      show(await call('GET', ''));
    } catch (error) {
      handle(error);
    }
  }

  function show(view) {
    syncClock(view.phase === 'finished' ? null : view.deadline, view.serverNow);
    showProgress(view.progress);
    switch (view.phase) {
      case 'consent':
        return showConsent(view);
      case 'self_rating':
        return showSelfRating(view);
      case 'checklist':
        return void showChecklist();
      case 'quiz':
        return void nextQuestion();
      case 'finished':
        return showEnd(view);
      default:
        return showAccessLost();
    }
  }

  /** What an error means for the candidate: most have one right next step. */
  function handle(error) {
    if (!(error instanceof ApiError)) return showProblem('The page could not continue.');
    switch (error.code) {
      case 'ATTEMPT_ACCESS_REQUIRED':
        return showAccessLost();
      case 'ATTEMPT_DEADLINE_PASSED':
        state.timeUp = true;
        return void resume();
      case 'ANSWER_ALREADY_RECORDED':
      case 'ANSWER_OUT_OF_ORDER':
        return void nextQuestion();
      case 'ATTEMPT_CLOSED':
        stopClock();
        return step('ended', 'This assessment is closed', [
          paragraph(error.message),
          paragraph('If you think this is a mistake, contact the recruiter who invited you.'),
        ]);
      case 'ATTEMPT_WRONG_PHASE':
      case 'NOTICE_VERSION_MISMATCH':
        // Another tab moved on, or the notice changed: ask the server where things stand.
        return void resume();
      default:
        return showProblem(error.message);
    }
  }

  function showConsent(view) {
    const minutes = view.timeLimitMinutes;
    const form = el('form', { novalidate: true }, [
      el(
        'div',
        { className: 'notice', tabindex: '0', role: 'region', 'aria-label': 'Privacy notice' },
        noticeBlocks(view.notice.text),
      ),
      paragraph(`Notice version ${view.notice.version}.`, 'hint'),
      paragraph(
        `You will have ${minutes} minutes in all. The countdown at the top of the page shows the time left once it starts, and it keeps running if you leave the page.`,
      ),
      el('label', { className: 'choice' }, [
        el('input', {
          type: 'checkbox',
          id: 'agree',
          name: 'agree',
          'aria-describedby': 'agree-error',
        }),
        el('span', { text: 'I have read the notice and agree to take part.' }),
      ]),
      errorLine('agree-error'),
      el('div', { className: 'actions' }, [
        el('button', { type: 'submit', className: 'primary', text: 'Agree and continue' }),
      ]),
      paragraph('If you do not agree, close this page. Nothing more is recorded.', 'hint'),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (state.busy) return;
      const agree = form.querySelector('#agree');
      if (!agree.checked) {
        form.querySelector('#agree-error').textContent =
          'Tick the box to agree before you continue.';
        agree.focus();
        return;
      }
      setBusy(form, true);
      try {
        show(await call('POST', '/consent', { noticeVersion: view.notice.version, agree: true }));
      } catch (error) {
        setBusy(form, false);
        handle(error);
      }
    });
    step('consent', 'Before you start', [form]);
  }

  /**
   * The notice is Markdown; its few constructs (headings, bullet lists, paragraphs, **bold**) are
   * built as elements from text, so nothing in it is ever interpreted as HTML.
   */
  function noticeBlocks(markdown) {
    return markdown
      .split(/\n\s*\n/)
      .map((block) => block.trim())
      .filter(Boolean)
      .map((block) => {
        const heading = /^(#{1,4})\s+(.*)$/s.exec(block);
        if (heading) return el(`h${Math.min(heading[1].length + 1, 4)}`, {}, inline(heading[2]));
        if (block.startsWith('- ')) {
          const items = block
            .split(/\n(?=- )/)
            .map((item) => item.slice(2).replace(/\s*\n\s*/g, ' '));
          return el(
            'ul',
            {},
            items.map((item) => el('li', {}, inline(item))),
          );
        }
        return el('p', {}, inline(block.replace(/\s*\n\s*/g, ' ')));
      });
  }

  function inline(text) {
    return text
      .split(/\*\*(.+?)\*\*/)
      .map((part, index) => (index % 2 === 1 ? el('strong', { text: part }) : part))
      .filter((part) => part !== '');
  }

  /**
   * A form of radio groups that must all be answered (self-rating, checklist): it names what is
   * still empty and focuses it, or sends the chosen values and shows the step the server returns.
   */
  function groupsForm(intro, groups, missingMessage, send) {
    const form = el('form', { novalidate: true }, [
      paragraph(intro),
      ...groups.map((group, index) =>
        el('fieldset', { className: group.className }, [
          el('legend', { text: group.legend }),
          ...group.choices.map((choice) =>
            radio(`group-${index}`, String(choice.value), choice.label),
          ),
        ]),
      ),
      errorLine('form-error'),
      el('div', { className: 'actions' }, [
        el('button', { type: 'submit', className: 'primary', text: 'Save and continue' }),
      ]),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (state.busy) return;
      const values = groups.map((_, index) => checkedValue(form, `group-${index}`));
      const missing = values.flatMap((value, index) => (value === null ? [index] : []));
      if (missing.length > 0) {
        form.querySelector('#form-error').textContent = missingMessage(missing);
        form.querySelector(`input[name="group-${missing[0]}"]`).focus();
        return;
      }
      setBusy(form, true);
      try {
        show(await send(values.map(Number)));
      } catch (error) {
        setBusy(form, false);
        handle(error);
      }
    });
    return form;
  }

  function showSelfRating(view) {
    const scale = levels.map((level) => ({
      value: level.value,
      label: `${level.value} · ${level.name}`,
    }));
    const form = groupsForm(
      'For each skill, choose the level that describes you today. The quiz that follows measures each skill, so a candid rating gives the fairest picture.',
      view.skills.map((skill) => ({ legend: skill.name, choices: scale })),
      (missing) => `Choose a level for every skill (${view.skills[missing[0]].name} has none yet).`,
      (levelsChosen) =>
        call('PUT', '/self-ratings', {
          ratings: view.skills.map((skill, index) => ({
            skill: skill.id,
            level: levelsChosen[index],
          })),
        }),
    );
    step('self_rating', 'Rate your own skills', [form]);
  }

  async function showChecklist() {
    let terms;
    try {
      terms = (await call('GET', '/checklist')).terms;
    } catch (error) {
      return handle(error);
    }
    const scale = FAMILIARITY.map((name, rating) => ({
      value: rating,
      label: `${rating} · ${name}`,
    }));
    const form = groupsForm(
      'How well do you know each of these terms? Answer every one. Nobody knows them all, and "never heard of it" is a perfectly good answer.',
      terms.map((term) => ({ legend: term.term, className: 'choices-inline', choices: scale })),
      (missing) => `${missing.length} of ${terms.length} terms still need an answer.`,
      (ratings) =>
        call('PUT', '/checklist', {
          answers: terms.map((term, index) => ({
            position: term.position,
            rating: ratings[index],
          })),
        }),
    );
    step('checklist', 'Which of these terms do you know?', [form]);
  }

  async function nextQuestion() {
    let next;
    try {
      next = await call('POST', '/next');
    } catch (error) {
      return handle(error);
    }
    if (next.status === 'finished') return resume();
    showQuestion(next);
  }

  function showQuestion(item) {
    state.seq = item.seq;
    syncClock(item.deadline, item.serverNow);
    showProgress(item.progress);
    const options = item.options.map((text, index) =>
      radio(
        'answer',
        String(index),
        text,
        el('span', { className: 'key', text: String(index + 1), 'aria-hidden': 'true' }),
      ),
    );
    const form = el('form', { novalidate: true, id: 'question' }, [
      paragraph(`Skill: ${item.skill.name}`, 'hint'),
      el('p', { className: 'stem', id: 'stem', text: item.stem }),
      item.code ? el('pre', { className: 'code' }, [el('code', { text: item.code })]) : null,
      el('fieldset', {}, [el('legend', { text: 'Choose one answer' }), ...options]),
      errorLine('answer-error'),
      el('div', { className: 'actions' }, [
        el('button', { type: 'submit', className: 'primary', text: 'Submit answer' }),
      ]),
      paragraph('Keys: 1 to 4 or the arrow keys choose, Enter submits. Answers are final.', 'hint'),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submitAnswer(form);
    });
    step('quiz', `Question ${item.progress.answered + 1}`, [form]);
  }

  async function submitAnswer(form) {
    if (state.busy || state.mode !== 'quiz') return;
    const choice = checkedValue(form, 'answer');
    if (choice === null) {
      form.querySelector('#answer-error').textContent = 'Choose an answer first.';
      form.querySelector('input[name="answer"]').focus();
      return;
    }
    setBusy(form, true);
    say('Saving your answer…');
    try {
      const result = await call('POST', '/answer', { seq: state.seq, choice: Number(choice) });
      if (result.finished) return resume();
      await nextQuestion();
    } catch (error) {
      handle(error);
    }
  }

  /** Keyboard use of the question: 1-4 choose, arrows move (natively on the radios), Enter submits. */
  function onKey(event) {
    if (state.mode !== 'quiz' || event.altKey || event.ctrlKey || event.metaKey) return;
    const form = document.getElementById('question');
    if (!form) return;
    const radios = Array.from(form.querySelectorAll('input[name="answer"]'));
    const onRadio = radios.includes(document.activeElement);
    if (/^[1-4]$/.test(event.key)) {
      const target = radios[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        target.checked = true;
        target.focus();
      }
    } else if (event.key.startsWith('Arrow') && !onRadio) {
      // From the heading (where focus lands), the arrows reach the options too.
      event.preventDefault();
      const target =
        event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? radios[radios.length - 1]
          : radios[0];
      target.checked = true;
      target.focus();
    } else if (
      event.key === 'Enter' ||
      (event.key === ' ' && onRadio && document.activeElement.checked)
    ) {
      if (document.activeElement && document.activeElement.tagName === 'BUTTON') return;
      event.preventDefault();
      void submitAnswer(form);
    }
  }

  async function timeUp() {
    if (state.mode === 'ending' || state.mode === 'finished') return;
    state.timeUp = true;
    state.mode = 'ending';
    stopClock();
    say('Time is up. Saving…');
    try {
      show(await call('POST', '/finish'));
    } catch (error) {
      handle(error);
    }
  }

  function showEnd(view) {
    stopClock();
    state.seq = null;
    const when = view.finishedAt ? new Date(view.finishedAt).toLocaleString() : null;
    const exportButton = el('button', {
      type: 'button',
      text: 'Download my data (JSON)',
      onclick: () => void download(exportButton),
    });
    const eraseButton = el('button', {
      type: 'button',
      text: 'Erase my data',
      onclick: () => confirmErase(),
    });
    step('finished', 'Thank you, you are done', [
      state.timeUp
        ? paragraph('The time limit was reached. Everything you answered before then counts.')
        : null,
      when ? paragraph(`Your answers were recorded (${when}).`) : null,
      el('h2', { text: 'What happens next' }),
      paragraph(
        'The recruiter who invited you sees your results next to the skills you rated. A person reviews them and decides; nothing is decided automatically. The recruiter will contact you about next steps.',
      ),
      el('h2', { text: 'Your data' }),
      paragraph(
        'You can download a copy of what this assessment holds about you, or erase your personal data. Erasing cannot be undone; your answers are then kept only without your name, to check that the questions are fair.',
      ),
      el('div', { className: 'actions' }, [exportButton, eraseButton]),
    ]);
  }

  async function download(button) {
    button.disabled = true;
    try {
      const data = await call('GET', '/export');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: 'sift-assessment-data.json' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say('Your data was downloaded as sift-assessment-data.json.');
    } catch (error) {
      handle(error);
    } finally {
      button.disabled = false;
    }
  }

  function confirmErase() {
    const dialog = el('dialog', { 'aria-labelledby': 'erase-heading' }, [
      el('h2', { id: 'erase-heading', text: 'Erase your data?' }),
      paragraph(
        'This removes your personal data from this assessment for good; your answers stay only as anonymous statistics. It cannot be undone.',
      ),
      el('div', { className: 'actions' }, [
        el('button', { type: 'button', text: 'Keep my data', onclick: () => dialog.close() }),
        el('button', {
          type: 'button',
          className: 'primary',
          text: 'Erase everything',
          onclick: () => void erase(dialog),
        }),
      ]),
    ]);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  async function erase(dialog) {
    for (const button of dialog.querySelectorAll('button')) button.disabled = true;
    try {
      await call('POST', '/erase', { confirm: true });
      dialog.close();
      step('erased', 'Your data has been erased', [
        paragraph('Nothing more is needed from you. You can close this page.'),
      ]);
    } catch (error) {
      dialog.close();
      handle(error);
    }
  }

  function showAccessLost() {
    stopClock();
    step('ended', 'Open your invitation link again', [
      paragraph(
        'This page works only in the browser where you opened your invitation link. If you closed it, opened the link somewhere else, or the session ended, open the link from your invitation again: you carry on where you left off.',
      ),
      paragraph('If the link no longer works, ask the recruiter who invited you.'),
    ]);
  }

  function showProblem(message) {
    step('problem', 'Something went wrong', [
      paragraph(message),
      paragraph('Your answers so far are saved.'),
      el('div', { className: 'actions' }, [
        el('button', {
          type: 'button',
          className: 'primary',
          text: 'Try again',
          onclick: () => void resume(),
        }),
      ]),
    ]);
  }

  document.addEventListener('keydown', onKey);
  document.addEventListener('visibilitychange', () =>
    report(document.visibilityState === 'hidden' ? 'focus_lost' : 'focus_returned'),
  );
  document.addEventListener('paste', () => report('paste'));
  document.addEventListener('copy', () => report('copy'));
  window.addEventListener('offline', () =>
    say('You are offline. Reconnecting when you are back…', true),
  );

  void resume();
})();

// playground.js starts GraphiQL for caremap. It reads its configuration (the
// endpoint, the welcome text and the example questions) from the JSON in
// <script id="playground-config">, which the server writes with html/template,
// so no configuration is ever built by concatenating script. It uses only the
// globals of the embedded UMD builds: React, ReactDOM and GraphiQL.
(function () {
  'use strict';

  var h = React.createElement;
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var PANEL_TITLE = 'Example questions';
  var WELCOME = 'Welcome: what is caremap?';
  // WIDTH is the longest comment line written: the editor shows it whole on
  // a 1280 px screen with the examples panel open.
  var WIDTH = 32;

  // oneLine keeps a name or description from breaking out of its comment line.
  function oneLine(s) {
    return String(s || '').replace(/\s+/g, ' ').trim();
  }

  // comment renders text as GraphQL comment lines of at most about WIDTH
  // columns, so that a long description stays in view in the editor.
  function comment(text) {
    var out = '';
    var line = '#';
    oneLine(text).split(' ').forEach(function (word) {
      if (word === '') {
        return;
      }
      if (line !== '#' && line.length + 1 + word.length > WIDTH) {
        out += line + '\n';
        line = '#';
      }
      line += ' ' + word;
    });
    return line === '#' ? out : out + line + '\n';
  }

  // The tabs GraphiQL opens with, and the entries of the examples panel: the
  // welcome first, then each question, headed by its name and description.
  var entries = [{
    key: 'welcome',
    name: WELCOME,
    operation: 'Welcome',
    description: 'What this playground is and how to run a query.',
    query: config.welcome,
    variables: ''
  }].concat(config.examples.map(function (ex) {
    var head = comment(ex.name) + comment(ex.description);
    return {
      key: ex.key,
      name: ex.name,
      operation: ex.operation,
      description: ex.description,
      query: head + '\n' + ex.query,
      variables: ex.variables || ''
    };
  }));

  // questions maps an operation name to the question its tab is titled with.
  var questions = {};
  entries.forEach(function (entry) {
    questions[entry.operation] = entry.name;
  });

  // requested is the entry that /playground/?example=<key> asks to open (and
  // run), once, when the examples panel first mounts. The server refuses an
  // unknown key, so one that is not found here opens nothing.
  var requested = null;
  var key = new URLSearchParams(window.location.search).get('example');
  entries.forEach(function (entry) {
    if (key && entry.key === key) {
      requested = entry;
    }
  });

  function sameContent(tab, entry) {
    return (tab.query || '') === entry.query && (tab.variables || '') === entry.variables;
  }

  // openEntry shows an entry: its tab if one still holds it unchanged,
  // otherwise a new tab filled with it.
  function openEntry(editor, entry) {
    var index = -1;
    editor.tabs.forEach(function (tab, i) {
      if (index < 0 && sameContent(tab, entry)) {
        index = i;
      }
    });
    if (index >= 0) {
      editor.changeTab(index);
      focusQuery(editor);
      return;
    }
    editor.addTab();
    // addTab empties the editors when React applies the new tab state; fill
    // them after that.
    window.setTimeout(function () {
      if (editor.queryEditor) {
        editor.queryEditor.setValue(entry.query);
      }
      if (editor.variableEditor) {
        editor.variableEditor.setValue(entry.variables);
      }
      focusQuery(editor);
    }, 0);
  }

  // run presses the run button once GraphiQL has settled the operation name
  // (100 ms after the editor changes).
  function run() {
    window.setTimeout(function () {
      var button = document.querySelector('.graphiql-execute-button');
      if (button) {
        button.click();
      }
    }, 400);
  }

  function focusQuery(editor) {
    window.setTimeout(function () {
      if (editor.queryEditor) {
        editor.queryEditor.focus();
      }
    }, 0);
  }

  function ExamplesPanel() {
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    var active = editor.tabs[editor.activeTabIndex];
    React.useEffect(function () {
      if (requested) {
        var entry = requested;
        requested = null;
        openEntry(editor, entry);
        run();
      }
    }, []);
    return h('section', { className: 'caremap-examples', 'aria-labelledby': 'caremap-examples-title' },
      h('div', { className: 'graphiql-doc-explorer-title', id: 'caremap-examples-title', role: 'heading', 'aria-level': 2 }, PANEL_TITLE),
      h('p', { className: 'caremap-examples-help' },
        'Choose a question to open it in the editor, then press the run button (the triangle) or Ctrl+Enter.'),
      h('ol', { className: 'caremap-example-list' }, entries.map(function (entry, i) {
        var current = active && sameContent(active, entry);
        return h('li', { key: i },
          h('button', {
            type: 'button',
            className: 'caremap-example',
            'aria-current': current ? 'true' : undefined,
            onClick: function () { openEntry(editor, entry); }
          },
          h('span', { className: 'caremap-example-name' }, entry.name),
          entry.description ? h('span', { className: 'caremap-example-description' }, entry.description) : null));
      })));
  }

  // A question mark in a speech bubble, drawn like GraphiQL's own icons.
  function ExamplesIcon(props) {
    return h('svg', Object.assign({ viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': 'true' }, props),
      h('path', { d: 'M4 4h16v12H9l-5 4z', strokeLinejoin: 'round' }),
      h('path', { d: 'M10 8.5a2 2 0 1 1 2.8 1.8c-.5.3-.8.7-.8 1.2V12', strokeLinecap: 'round' }),
      h('circle', { cx: 12, cy: 14, r: 0.6, fill: 'currentColor' }));
  }

  // The plugins prop is a constant: GraphiQL re-applies its plugin state
  // whenever the prop changes identity.
  var plugins = [{ title: PANEL_TITLE, icon: ExamplesIcon, content: ExamplesPanel }];

  var storage;
  try {
    storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
  } catch (e) {
    storage = undefined; // no localStorage (private mode): GraphiQL keeps tabs in memory
  }

  var root = document.getElementById('playground');
  root.className = 'playground';
  root.textContent = '';
  ReactDOM.createRoot(root).render(h(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).href }),
    defaultTabs: entries.map(function (entry) {
      return { query: entry.query, variables: entry.variables || null };
    }),
    storage: storage,
    plugins: plugins,
    defaultEditorToolsVisibility: false
  }, h(GraphiQL.Logo, null, 'caremap')));

  // Tabs are titled with their question: GraphiQL titles a tab with its
  // operation name, so each tab button whose name is an entry's gets the
  // question as its label and tooltip, and the stylesheet shows it in place
  // of the name. React leaves these attributes alone unless the operation
  // name changes, when the observer sets them again (or removes them, for a
  // name that is no entry's).
  function titleTabs() {
    var buttons = root.querySelectorAll('.graphiql-tab-button');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var op = b.textContent;
      var question = Object.prototype.hasOwnProperty.call(questions, op) ? questions[op] : null;
      if (question === null) {
        if (b.hasAttribute('data-question')) {
          b.removeAttribute('data-question');
          b.removeAttribute('aria-label');
          b.setAttribute('title', op);
        }
      } else if (b.getAttribute('data-question') !== question || b.getAttribute('title') !== question) {
        b.setAttribute('data-question', question);
        b.setAttribute('aria-label', question);
        b.setAttribute('title', question);
      }
    }
  }

  // Ids in an answer link to the explorer's page for them: each "id" of an
  // organisation or service (not of a relationship, whose objects carry
  // type, from, to and the like) is marked in the response editor as a link
  // that opens the explorer in a new tab, by click or by Enter.
  var RELATIONSHIP_KEYS = ['type', 'from', 'to', 'amountGbp', 'amountText', 'year', 'mechanism', 'mode',
    'confidence', 'patients', 'share'];
  var KEY_LINE = /^"((?:[^"\\]|\\.)*)": (.*)$/;

  function explorerURL(id) {
    return config.explorer.split('{id}').join(encodeURIComponent(id));
  }

  // linkIds reads the answer as JSON.stringify(…, null, 2) writes it: one key
  // a line, an object's keys two spaces in from its brace.
  function linkIds(cm) {
    cm.getAllMarks().forEach(function (m) {
      if (m.className === 'caremap-id') {
        m.clear();
      }
    });
    var stack = [];
    var marks = [];
    var n = cm.lineCount();
    for (var i = 0; i < n; i++) {
      var line = cm.getLine(i);
      var text = line.replace(/^\s+/, '');
      var indent = line.length - text.length;
      var top = stack[stack.length - 1];
      var m = KEY_LINE.exec(text);
      if (m && top && indent === top.indent) {
        if (m[1] === 'id') {
          var v = /^"((?:[^"\\]|\\.)*)",?$/.exec(m[2]);
          if (v) {
            top.id = { line: i, from: indent + 6, to: indent + 6 + v[1].length + 2, value: JSON.parse('"' + v[1] + '"') };
          }
        } else if (RELATIONSHIP_KEYS.indexOf(m[1]) >= 0) {
          top.relationship = true;
        }
      }
      if (/\{$/.test(text)) {
        stack.push({ indent: indent + 2, id: null, relationship: false });
      } else if (/^\}/.test(text)) {
        var obj = stack.pop();
        if (obj && obj.id && !obj.relationship) {
          marks.push(obj.id);
        }
      }
    }
    marks.forEach(function (id) {
      cm.markText({ line: id.line, ch: id.from }, { line: id.line, ch: id.to }, {
        className: 'caremap-id',
        attributes: { 'data-id': id.value, role: 'link', tabindex: '0', title: 'Open ' + id.value + ' in the explorer' }
      });
    });
  }

  function openId(event) {
    var el = event.target.closest && event.target.closest('.caremap-id');
    if (!el || (event.type === 'keydown' && event.key !== 'Enter')) {
      return;
    }
    event.preventDefault();
    window.open(explorerURL(el.getAttribute('data-id')), '_blank', 'noopener');
  }

  var linked = null; // the response editor whose changes are followed
  function watchResponse() {
    var wrapper = root.querySelector('.result-window .CodeMirror');
    var cm = wrapper && wrapper.CodeMirror;
    if (!config.explorer || !cm || cm === linked) {
      return;
    }
    linked = cm;
    cm.on('change', function () { linkIds(cm); });
    wrapper.addEventListener('click', openId);
    wrapper.addEventListener('keydown', openId);
    linkIds(cm);
  }

  // wrapLines wraps long lines in the query and response editors, so that a
  // comment or an answer's long text shows whole in a narrow pane (a 1280 px
  // screen with the examples panel open) instead of running off its edge.
  function wrapLines() {
    var editors = root.querySelectorAll('.graphiql-query-editor .CodeMirror, .result-window .CodeMirror');
    for (var i = 0; i < editors.length; i++) {
      var cm = editors[i].CodeMirror;
      if (cm && !cm.getOption('lineWrapping')) {
        cm.setOption('lineWrapping', true);
      }
    }
  }

  new MutationObserver(function () {
    titleTabs();
    wrapLines();
    watchResponse();
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['title'] });

  // Open the examples panel, as a click on its sidebar button would. GraphiQL
  // 4's visiblePlugin prop selects the plugin but leaves its pane collapsed,
  // because the pane's initial state is fixed before the prop is applied.
  // Wait for the button, then a little more so that GraphiQL's own plugin
  // effects have run and cannot undo the click.
  (function openExamplesPanel(tries, seen) {
    var button = document.querySelector('.graphiql-sidebar button[aria-label="Show ' + PANEL_TITLE + '"]');
    if (button && seen >= 2) {
      button.click();
      return;
    }
    if (tries > 0) {
      window.setTimeout(function () {
        openExamplesPanel(tries - 1, button ? seen + 1 : 0);
      }, 50);
    }
  })(200, 0);
})();

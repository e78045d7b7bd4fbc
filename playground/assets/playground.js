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

  // oneLine keeps a name or description from breaking out of its comment line.
  function oneLine(s) {
    return String(s || '').replace(/\s+/g, ' ').trim();
  }

  // comment renders text as GraphQL comment lines of at most about 60
  // columns, so that a long description stays in view in the editor.
  function comment(text) {
    var out = '';
    var line = '#';
    oneLine(text).split(' ').forEach(function (word) {
      if (word === '') {
        return;
      }
      if (line !== '#' && line.length + 1 + word.length > 60) {
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
    name: 'Welcome: what is caremap?',
    description: 'What this playground is and how to run a query.',
    query: config.welcome,
    variables: ''
  }].concat(config.examples.map(function (ex) {
    var head = comment(ex.name) + comment(ex.description);
    return {
      name: ex.name,
      description: ex.description,
      query: head + '\n' + ex.query,
      variables: ex.variables || ''
    };
  }));

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

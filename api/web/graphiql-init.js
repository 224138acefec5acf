// Start GraphiQL on this page's own endpoint with the project's questions as tabs.
// Served by the API beside the npm bundles; the page loads nothing from elsewhere.
(function () {
  "use strict";
  var questions = JSON.parse(
    document.getElementById("claimgraph-questions").textContent
  );
  var fetcher = GraphiQL.createFetcher({
    url: window.location.href.split("?")[0],
  });
  // A link may carry ?query=...&variables=... (the report pages do): open it in a tab.
  var params = new URLSearchParams(window.location.search);
  var linked = params.get("query") || undefined;
  var linkedVariables = params.get("variables") || undefined;
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      // a first visit opens the linked query first; later ones add it as a tab (`query`)
      defaultTabs: (linked ? [{ query: linked, variables: linkedVariables }] : []).concat(
        questions.map(function (query) {
          return { query: query };
        })
      ),
      defaultQuery: questions[0],
      query: linked,
      variables: linkedVariables,
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: true,
      inputValueDeprecation: true,
    })
  );
})();

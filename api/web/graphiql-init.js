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
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: questions.map(function (query) {
        return { query: query };
      }),
      defaultQuery: questions[0],
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: true,
      inputValueDeprecation: true,
    })
  );
})();

/*
 * The search worker our pages start (the `search` URL in __config, see overrides/main.html).
 * It loads the rule table and Material's own worker, and rewrites each query the Korean-aware
 * way (search-terms.js) before Material's handler sees it.
 */
"use strict"

/* Material's message types (SearchMessageType in its sources). */
const SETUP_MESSAGE = 0
const QUERY_MESSAGE = 2

/* "?v=…" names one build: every file of the worker comes from the same build. */
const buildVersion = self.location.search

importScripts(`search-terms.js${buildVersion}`, `search-rules.js${buildVersion}`)

/* Words the index leaves out, known once the index's settings arrive. */
let isStopWord = () => false

/*
 * Registered before Material's listener, so it runs first. A MessageEvent hands every
 * listener the same data object, so rewriting it in place is what Material's listener reads.
 */
addEventListener("message", event => {
  const message = event.data
  if (message && message.type === SETUP_MESSAGE) {
    const { pipeline } = message.data.config
    isStopWord = pipeline.includes("stopWordFilter")
      ? word => !self.lunr.stopWordFilter(word)
      : () => false
  }
  if (message && message.type === QUERY_MESSAGE && typeof message.data === "string") {
    const { normaliseQuery, exactFirst } = self.readerSearchTerms
    const words = normaliseQuery(message.data, self.readerSearchRules, isStopWord)
    message.data = exactFirst(words, self.readerSearchRules)
  }
})

importScripts(self.readerSearchMaterialWorker)

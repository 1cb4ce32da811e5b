/*
 * The search worker our pages start (the `search` URL in __config, see overrides/main.html).
 * It loads the rule table and Material's own worker, and rewrites each query the Korean-aware
 * way (search-terms.js) before Material's handler sees it.
 *
 * Nothing of the search loads until a reader searches. The index every page hands over holds
 * the settings and `full_index`, the address of the entries (search_index.py), and no entry.
 * Until the reader opens the search or types, this worker answers the page the way Material's
 * would with an empty index: READY to the first setup, no results for an empty box. Then it
 * loads the rule table, Material's worker and lunr, fetches the entries and has Material index
 * them; queries typed meanwhile wait and are answered in order. A page thus no longer
 * downloads 600 kB of index and five scripts, one after the other, while the reader starts to
 * read. Material sends the index again each time the search opens: the first of those repeats
 * starts the loading, so it is usually done before the first query.
 *
 * Material's message types and shapes (SearchMessage in its sources) are relied on here; the
 * browser tests (tests/browser/test_search.py) search through this worker on every run.
 */
"use strict"

const SETUP_MESSAGE = 0
const READY_MESSAGE = 1
const QUERY_MESSAGE = 2
const RESULT_MESSAGE = 3

/* "?v=…" names one build: every file of the worker comes from the same build. */
const buildVersion = self.location.search

/* The site's root: this file is assets/javascripts/workers/reader-search.js below it. */
const siteRoot = new URL("../../../", self.location.href)

/*
 * "waiting" (nothing loaded), "loading", "loaded", "failed" (no entries: Material's index of
 * the settings answers, finding nothing) or "broken" (no Material: this worker answers nothing).
 */
let searchState = "waiting"
let searchLoaded = null
let latestSetup = null

/* Material answers a setup with READY once its index is built; resolvers wait here. */
const readyWaiters = []
const postToPage = self.postMessage.bind(self)
self.postMessage = (message, ...rest) => {
  if (message && message.type === READY_MESSAGE)
    readyWaiters.splice(0).forEach(resolve => resolve())
  postToPage(message, ...rest)
}

/* The full index (settings and entries), or null after saying in the console why not. */
async function fetchFullIndex(url) {
  try {
    const response = await fetch(url)
    if (!response.ok)
      throw new Error(`the server answered ${response.status} ${response.statusText}`)
    return await response.json()
  } catch (error) {
    console.error(`Search is unavailable: could not load ${url}: ${error.message}`)
    return null
  }
}

/* Messages this worker dispatches itself: its first listener lets them through. */
const ownMessages = new WeakSet()

/* Hands a message to the listeners as if the page had sent it. */
function redispatch(message) {
  ownMessages.add(message)
  dispatchEvent(new MessageEvent("message", { data: message }))
}

/* Hands Material a setup; resolves once its index is built. */
function runSetup(message) {
  const ready = new Promise(resolve => readyWaiters.push(resolve))
  redispatch(message)
  return ready
}

/* Loads the rule table and Material's worker (once), which registers its listener after ours. */
let scriptsImported = null
function importSearchScripts() {
  if (scriptsImported !== null)
    return scriptsImported
  try {
    importScripts(`search-terms.js${buildVersion}`, `search-rules.js${buildVersion}`)
    importScripts(self.readerSearchMaterialWorker)
    scriptsImported = true
  } catch (error) {
    console.error(`Search is unavailable: could not load its scripts: ${error.message}`)
    scriptsImported = false
  }
  return scriptsImported
}

/* Loads the scripts and the entries once; every caller waits for the same. */
function loadSearch() {
  if (searchLoaded !== null)
    return searchLoaded
  searchState = "loading"
  const url = new URL(latestSetup.data.config.full_index, siteRoot)
  const index = fetchFullIndex(url)
  if (!importSearchScripts()) {
    searchState = "broken"
    searchLoaded = Promise.resolve()
    return searchLoaded
  }
  searchLoaded = index.then(async full => {
    // Without the entries, Material gets the settings alone: queries find nothing.
    const data = full === null
      ? latestSetup.data
      : { ...latestSetup.data, config: full.config, docs: full.docs }
    await runSetup({ ...latestSetup, data })
    searchState = full === null ? "failed" : "loaded"
  })
  return searchLoaded
}

/* What Material answers a query when its index finds nothing. */
function answerNothing() {
  postMessage({ type: RESULT_MESSAGE, data: { items: [] } })
}

/* Registered first, so it decides what happens to a message before any other listener. */
addEventListener("message", event => {
  const message = event.data
  if (!message || ownMessages.has(message))
    return
  const isSetup = message.type === SETUP_MESSAGE && Boolean(message.data.config.full_index)
  if (searchState === "loaded" || searchState === "failed") {
    if (isSetup) {
      // The search opened again: Material's index is built already.
      event.stopImmediatePropagation()
      postMessage({ type: READY_MESSAGE })
    }
    return
  }

  event.stopImmediatePropagation()
  if (message.type === SETUP_MESSAGE && !isSetup) {
    // An index with its entries, say a page cached from before search_index.py split it:
    // Material indexes it as it always did. Its listener, added just now, did not hear this
    // message, so it is sent again.
    searchState = importSearchScripts() ? "loaded" : "broken"
    if (searchState === "loaded")
      redispatch(message)
    else
      postMessage({ type: READY_MESSAGE })
    return
  }
  if (isSetup) {
    // The first setup comes as the page loads; a later one means the reader opened the search.
    const asPageLoads = latestSetup === null
    latestSetup = message
    if (asPageLoads || searchState === "broken")
      postMessage({ type: READY_MESSAGE })  // the settings alone answer
    else
      loadSearch()
    return
  }
  if (message.type === QUERY_MESSAGE) {
    const blank = typeof message.data === "string" && message.data.trim() === ""
    if ((blank && searchState === "waiting") || searchState === "broken" || !latestSetup) {
      answerNothing()
      return
    }
    loadSearch().then(() => searchState === "broken" ? answerNothing() : redispatch(message))
  }
})

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

/*
 * Korean-aware query words for the search worker: the browser half of
 * scripts/site_hooks/search_terms.py, driven by the same rule table
 * (scripts/site_hooks/search_rules.py, delivered as search-rules.js).
 *
 * A query word with a particle or an ending (볼륨을, 삭제합니다) becomes its stem,
 * a Latin word glued to Hangul (Dockerfile을) the Latin word, a spelling readers
 * type (도커파일, 환경변수) the words our pages use. Material then adds a trailing
 * wildcard to each word, so a stem also finds every longer form of it.
 */
(function (root) {
  "use strict"

  const HANGUL_WORD = /^[가-힣]+$/
  const LATIN_GLUED_TO_HANGUL = /^([a-z0-9_.+#]*[a-z0-9_+#])([가-힣]+)$/
  const ENGLISH_WORD = /^[a-z]+$/
  const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

  /* Lunr's own query syntax: a reader who types it means it. */
  const QUERY_SYNTAX = /["*~^]|\b(?:title|text|tags):/

  /* A particle after an ending after a particle is the most Korean piles up. */
  const MAX_KOREAN_CUTS = 2

  function fold(text) {
    return text.normalize("NFC").toLowerCase()
  }

  function cutKoreanOnce(word, rules) {
    let best = ""
    for (const suffix of [...rules.particles, ...rules.endings])
      if (suffix.length > best.length && word.endsWith(suffix) && word.length > suffix.length)
        best = suffix
    for (const suffix of [...rules.ambiguous_particles, ...rules.ambiguous_endings]) {
      const fits = word.length - suffix.length >= rules.min_stem_syllables
      if (suffix.length > best.length && word.endsWith(suffix) && fits)
        best = suffix
    }
    return word.slice(0, word.length - best.length)
  }

  function koreanStem(word, rules) {
    for (let cut = 0; cut < MAX_KOREAN_CUTS; cut++) {
      const shorter = cutKoreanOnce(word, rules)
      if (shorter === word)
        break
      word = shorter
    }
    return word
  }

  function englishStem(word, rules) {
    const keep = rules.english_keep_endings.some(ending => word.endsWith(ending))
    if (word.length <= rules.min_english_stem || keep)
      return word
    const suffixes = [...rules.english_suffixes].sort((a, b) => b.length - a.length)
    for (const suffix of suffixes) {
      if (!word.endsWith(suffix))
        continue
      let stem = word.slice(0, -suffix.length)
      if (suffix === "es" && !rules.english_es_after.some(end => stem.endsWith(end)))
        continue
      if ((suffix === "ed" || suffix === "ing") && stem.length > 1 && stem.at(-1) === stem.at(-2))
        stem = stem.slice(0, -1)
      if (stem.length >= rules.min_english_stem)
        return stem
    }
    return word
  }

  function stemsOf(word, rules) {
    if (Object.hasOwn(rules.variants, word))
      return rules.variants[word].split(" ")

    const glued = LATIN_GLUED_TO_HANGUL.exec(word)
    if (glued)
      return [glued[1]]

    if (HANGUL_WORD.test(word)) {
      /* A particle standing alone (볼륨(volume)을) means nothing by itself. */
      if (rules.particles.includes(word) || rules.ambiguous_particles.includes(word))
        return []
      const stem = koreanStem(word, rules)
      return (Object.hasOwn(rules.variants, stem) ? rules.variants[stem] : stem).split(" ")
    }

    if (ENGLISH_WORD.test(word))
      return [englishStem(word, rules)]
    return [word]
  }

  function wordsOf(text, rules) {
    return fold(text).split(new RegExp(rules.separator)).filter(Boolean)
  }

  /*
   * isStopWord tells the words the index left out (lunr's English stop words): a query word
   * the index cannot hold would only match longer words by the trailing wildcard.
   */
  function normaliseQuery(query, rules, isStopWord = () => false) {
    if (QUERY_SYNTAX.test(query))
      return query
    const words = new Set()
    for (const word of wordsOf(query, rules)) {
      if (isStopWord(word))
        continue
      for (const stem of stemsOf(word, rules))
        words.add(stem)
    }
    return [...words].join(" ") || query
  }

  /*
   * 볼륨 삭제 → 볼륨^3 볼륨 삭제^3 삭제: each word exactly, boosted, and as typed (to which
   * Material adds the trailing wildcard), so the word the reader typed outranks longer words
   * the wildcard reaches. A query in lunr's own syntax is left alone.
   */
  function exactFirst(query, rules) {
    if (QUERY_SYNTAX.test(query))
      return query
    const boost = rules.exact_match_boost
    return query.split(/\s+/)
      .filter(word => LETTER_OR_DIGIT.test(word))
      .map(word => `${word}^${boost} ${word}`)
      .join(" ")
  }

  const api = { stemsOf, normaliseQuery, exactFirst }
  if (typeof module === "object" && module.exports)
    module.exports = api
  else
    root.readerSearchTerms = api
})(typeof self !== "undefined" ? self : globalThis)

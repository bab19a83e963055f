"""The LLM engine: any OpenAI-compatible chat model, through the openai SDK and instructor.

Modules, in the order a chunk meets them:

- ``models``    the response models sent to the model, each item judged against its chunk
- ``validate``  the rules an item must pass (evidence in the chunk, value in evidence, numbers)
- ``reask``     what a re-ask of refused items shows: the chunk or the paragraphs around them
- ``extract``   one chunk: prompt, cache, request, re-asks, split when cut off
- ``settle``    caps on items, and refused items kept unresolved or dropped, on record
- ``slots``     where items stand in an answer, so a correction takes its item's place
- ``final``     the title and overview request: front matter, items by importance
- ``client``    the only module importing openai and instructor; re-asks and error mapping
- ``transport`` bounded retries of transient faults (timeouts, 429, 5xx)
- ``reply``     reasoning blocks and code fences removed before parsing
- ``cache``     parsed answers on disk, keyed by everything that shapes them
- ``engine``    ``LlmEngine``: chunks concurrently with their context line, merge, key cap,
  title and overview, usage and records
- ``overhead``  what a request costs in characters, measured without sending it
"""

"""The LLM engine: any OpenAI-compatible chat model, through the openai SDK and instructor.

Modules, in the order a chunk meets them:

- ``models``    the response models sent to the model, each item judged against its chunk
- ``validate``  the rules an item must pass (evidence in the chunk, value in evidence, numbers)
- ``extract``   one chunk: prompt, cache, request, salvage of valid items, split when cut off
- ``client``    the only module importing openai and instructor; re-asks and error mapping
- ``transport`` bounded retries of transient faults (timeouts, 429, 5xx)
- ``reply``     reasoning blocks and code fences removed before parsing
- ``cache``     parsed answers on disk, keyed by everything that shapes them
- ``engine``    ``LlmEngine``: chunks concurrently, merge, title and overview, usage
"""

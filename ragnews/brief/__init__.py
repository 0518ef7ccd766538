"""Multi-source briefings: the model, key points, sections, Markdown.

`compose_briefing` is a pure function of the articles in scope, the embedder,
the topic and the engine; choosing the scope is the facade's job.
"""

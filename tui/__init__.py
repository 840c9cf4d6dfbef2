"""The Textual editor: thin screens over nianbao.format, which holds every rule and label."""

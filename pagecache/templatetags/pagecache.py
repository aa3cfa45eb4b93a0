"""{% sharedfragment "name" [part ...] %}…{% endsharedfragment %}: the part of a cached view's page that is the same
for every logged-in reader, rendered once per version of the page and then reused (pagecache.fragments; an
anonymous reader's whole page is cached instead). The name's parts are joined ({% sharedfragment "comments"
summary.pk %}: "comments:42").

The fragment is keyed by the page's digest (its URL and the versions of the objects it declares, computed by
cache_public_page before the view runs), so a write that bumps one of those versions re-renders it, as it does the
whole page for anonymous readers. Only logged-in readers share it, so it may invite them to write ("No summary yet
— write the first"). What only a writer sees of their own work (edit links, flags, their hidden comment) may go
inside if the fragment names its owners: {% fragment_owners ids %}; CSRF tokens may go inside. The rest must be
the same for every logged-in reader: no vote state, no follow button. With the page cache off, or outside a cached
view, it renders as is.
"""

from django import template

from pagecache.fragments import note_owners, shared_fragment
from pagecache.slots import render_slot

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        return shared_fragment(self.nodelist, context, name)


@register.tag
def sharedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% sharedfragment %} takes the fragment's name (and parts of it)")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class ReaderSlotNode(template.Node):
    def __init__(self, nodelist, kind, parts):
        self.nodelist = nodelist
        self.kind = kind
        self.parts = parts

    def render(self, context):
        def body(state):
            with context.push(slot_state=state):
                return self.nodelist.render(context)

        key = "-".join(str(part.resolve(context)) for part in self.parts)
        return render_slot(context, self.kind.resolve(context), key, body)


@register.tag
def readerslot(parser, token):
    """{% readerslot "kind" part ... %}…{{ slot_state }}…{% endreaderslot %}: a part of the page that is the reader's
    own (pagecache.slots), shown with `slot_state`, the reader's state for the key (the parts joined by "-")."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% readerslot %} takes the slot's kind and its key (in parts)")
    nodelist = parser.parse(("endreaderslot",))
    parser.delete_first_token()
    return ReaderSlotNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag(takes_context=True)
def fragment_owners(context, *owners):
    """Name the users (ids, or collections of ids, a queryset's too) who own something in the fragment being
    rendered (or the page shell: pagecache.shells): they get it rendered for them."""
    for owner in owners:
        note_owners(context, [owner] if owner is None or isinstance(owner, int) else owner)
    return ""

package dev.airlock.awsapi.wire;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * XML read with the JDK's StAX parser and nothing that reaches outside the document: no DTD, no
 * external entities, no entity expansion beyond the predefined five, and bounds on size, depth and
 * element count. A document that needs more is refused, never partly read.
 */
final class SafeXml {
    private SafeXml() {
    }

    /** One element: its local name, its text (children's text excluded), and its child elements in order. */
    record Element(String name, String text, List<Element> children) {
        Element {
            children = List.copyOf(children);
        }

        Optional<Element> child(String name) {
            return children.stream().filter(c -> c.name.equals(name)).findFirst();
        }
    }

    /**
     * The limits a document must stay within.
     *
     * @param ignoreAttributes true for answers from AWS (attributes carry nothing Airlock shows); false for
     *                         request bodies, where an attribute AWS does not define is refused
     */
    record Limits(int maxBytes, int maxDepth, int maxElements, boolean ignoreAttributes) {
    }

    static Element parse(byte[] xml, Limits limits) throws XmlRejected {
        if (xml.length > limits.maxBytes()) {
            throw new XmlRejected("is larger than " + limits.maxBytes() + " bytes");
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            List<String> names = new ArrayList<>();
            List<StringBuilder> texts = new ArrayList<>();
            List<List<Element>> children = new ArrayList<>();
            Element root = null;
            int elements = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                         XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                            throw new XmlRejected("declares a DTD or uses an entity");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root != null) {
                            throw new XmlRejected("has more than one root element");
                        }
                        if (++elements > limits.maxElements()) {
                            throw new XmlRejected("has more than " + limits.maxElements() + " elements");
                        }
                        if (names.size() >= limits.maxDepth()) {
                            throw new XmlRejected("is nested deeper than " + limits.maxDepth() + " levels");
                        }
                        if (reader.getAttributeCount() > 0 && !limits.ignoreAttributes()) {
                            checkAttributes(reader);
                        }
                        names.add(reader.getLocalName());
                        texts.add(new StringBuilder());
                        children.add(new ArrayList<>());
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (texts.isEmpty()) {
                            if (!reader.isWhiteSpace()) {
                                throw new XmlRejected("has text outside its root element");
                            }
                        } else {
                            texts.get(texts.size() - 1).append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        int last = names.size() - 1;
                        Element element = new Element(names.remove(last), texts.remove(last).toString(),
                                children.remove(last));
                        if (children.isEmpty()) {
                            root = element;
                        } else {
                            children.get(children.size() - 1).add(element);
                        }
                    }
                    default -> {
                        // comments, processing instructions and the end of the document carry nothing
                    }
                }
            }
            if (root == null) {
                throw new XmlRejected("has no root element");
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRejected("is not well-formed XML");
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was opened outside the byte array
                }
            }
        }
    }

    /** Only namespace declarations and xsi attributes appear on AWS documents' elements. */
    private static void checkAttributes(XMLStreamReader reader) throws XmlRejected {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String ns = reader.getAttributeNamespace(i);
            if (ns == null || !ns.equals("http://www.w3.org/2001/XMLSchema-instance")) {
                throw new XmlRejected("has an attribute '" + reader.getAttributeLocalName(i) + "' AWS does not define");
            }
        }
    }

    /** Why a document was not read; the message completes "The XML body ...". */
    static final class XmlRejected extends Exception {
        XmlRejected(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.airlock.awsapi.mask;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XML answers (the query and REST-XML protocols), StAX in and StAX out. DTDs and external
 * entities are off, and a document that declares a DTD or references an entity is refused, so
 * no answer can make Airlock read a file or a URL. Every text node and attribute value goes
 * through the detectors; an element on a mask path is replaced whole with {@code ****}. Comments
 * and processing instructions are dropped: they may hold anything.
 */
final class XmlAnswerMasker {
    private static final XMLInputFactory INPUT = inputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private XmlAnswerMasker() {
    }

    private static XMLInputFactory inputFactory() {
        // The JDK's own parser, whatever else is on the class path, with every entity door shut.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entities are not read: " + systemId);
        });
        return factory;
    }

    static byte[] mask(byte[] body, List<MaskPath> paths, DetectorPass detectors, Map<String, Integer> counts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        XMLStreamReader reader = null;
        XMLStreamWriter writer = null;
        try {
            reader = INPUT.createXMLStreamReader(new ByteArrayInputStream(body));
            writer = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            copy(reader, writer, paths, detectors, counts);
            writer.flush();
        } catch (XMLStreamException e) {
            throw UnmaskableAnswerException.unreadable("the XML answer cannot be read safely: " + e.getMessage(), e);
        } catch (UnmaskableAnswerException e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's parser throws unchecked exceptions on some malformed input (found by Jazzer).
            throw UnmaskableAnswerException.unreadable("the XML answer cannot be read safely", e);
        } finally {
            close(reader, writer);
        }
        return out.toByteArray();
    }

    private static void copy(XMLStreamReader reader, XMLStreamWriter writer, List<MaskPath> paths,
                             DetectorPass detectors, Map<String, Integer> counts) throws XMLStreamException {
        List<String> stack = new ArrayList<>();
        writer.writeStartDocument("UTF-8", "1.0");
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw UnmaskableAnswerException.unreadable(
                        "the XML answer declares a DTD, which Airlock does not read", null);
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
                     XMLStreamConstants.NOTATION_DECLARATION -> throw UnmaskableAnswerException.unreadable(
                        "the XML answer references an entity, which Airlock does not expand", null);
                case XMLStreamConstants.START_ELEMENT -> {
                    stack.add(reader.getLocalName());
                    MaskPath matched = matching(stack, paths);
                    writeStart(reader, writer, detectors, matched == null);
                    if (matched != null) {
                        writer.writeCharacters(AwsAnswerMasker.MASK);
                        counts.merge(matched.text(), 1, Integer::sum);
                        skipElement(reader);
                        writer.writeEndElement();
                        stack.removeLast();
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    writer.writeEndElement();
                    stack.removeLast();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        writer.writeCharacters(detectors.mask(reader.getText()));
                case XMLStreamConstants.END_DOCUMENT -> writer.writeEndDocument();
                default -> {
                    // comments and processing instructions are dropped
                }
            }
        }
    }

    private static void writeStart(XMLStreamReader reader, XMLStreamWriter writer, DetectorPass detectors,
                                   boolean withAttributes) throws XMLStreamException {
        String prefix = reader.getPrefix() == null ? "" : reader.getPrefix();
        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        writer.writeStartElement(prefix, reader.getLocalName(), namespace);
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String declared = reader.getNamespacePrefix(i);
            String uri = reader.getNamespaceURI(i) == null ? "" : reader.getNamespaceURI(i);
            if (declared == null || declared.isEmpty()) {
                writer.writeDefaultNamespace(uri);
            } else {
                writer.writeNamespace(declared, uri);
            }
        }
        if (!withAttributes) {
            return;
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributePrefix = reader.getAttributePrefix(i) == null ? "" : reader.getAttributePrefix(i);
            String attributeNamespace = reader.getAttributeNamespace(i) == null ? "" : reader.getAttributeNamespace(i);
            writer.writeAttribute(attributePrefix, attributeNamespace, reader.getAttributeLocalName(i),
                    detectors.mask(reader.getAttributeValue(i)));
        }
    }

    /** Reads past the current element's content and its end tag. */
    private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.DTD) {
                throw UnmaskableAnswerException.unreadable("the XML answer references an entity", null);
            }
        }
    }

    /**
     * The path naming the element at {@code stack}: paths are read from the root element or from
     * just below it (AWS wraps each answer in a {@code <OperationResponse>}), and {@code []}
     * stands for the list member element ({@code member} or {@code item}) whatever its name.
     */
    private static MaskPath matching(List<String> stack, List<MaskPath> paths) {
        for (MaskPath path : paths) {
            if (matches(stack, 0, path.steps()) || (stack.size() > 1 && matches(stack, 1, path.steps()))) {
                return path;
            }
        }
        return null;
    }

    private static boolean matches(List<String> stack, int from, List<String> steps) {
        if (stack.size() - from != steps.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (!step.equals(MaskPath.EACH) && !step.equals("*") && !step.equals(stack.get(from + i))) {
                return false;
            }
        }
        return true;
    }

    private static void close(XMLStreamReader reader, XMLStreamWriter writer) {
        try {
            if (reader != null) {
                reader.close();
            }
            if (writer != null) {
                writer.close();
            }
        } catch (XMLStreamException ignored) {
            // the bytes are in memory: nothing is left open
        }
    }
}
